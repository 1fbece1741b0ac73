package org.amibundle.bundle.internal.crypto;

import static org.amibundle.bundle.internal.crypto.CipherImplementation.loadedLibCrypto;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Random;
import org.amibundle.testing.ExternalTool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SHA-1 by libcrypto gives the JDK's digest and openssl's for any data fed in any pieces, and is
 * what the bundle code gets where libcrypto is installed (CI installs openssl, which brings it).
 */
class LibCryptoSha1Test {

  @Test
  void isTheSha1OfTheBundleCode() {
    loadedLibCrypto();
    assertInstanceOf(LibCryptoSha1.class, Digests.sha1());
    assertEquals("SHA-1", Digests.sha1().getAlgorithm());
    assertEquals(20, Digests.sha1().getDigestLength());
  }

  @ParameterizedTest
  @ValueSource(
      ints = {0, 1, 55, 56, 63, 64, 65, (256 << 10) - 1, 256 << 10, (256 << 10) + 1, 3 << 20})
  void digestsAsTheJdkDoes_fedWholeInOddPiecesAndByteByByte(int size) {
    byte[] data = new byte[size];
    new Random(size).nextBytes(data);
    byte[] expected = Digests.jdkSha1().digest(data);

    MessageDigest whole = new LibCryptoSha1(loadedLibCrypto());
    assertArrayEquals(expected, whole.digest(data));
    // digest() resets: the same digest object gives the same answer again
    assertArrayEquals(expected, whole.digest(data));

    MessageDigest pieces = new LibCryptoSha1(loadedLibCrypto());
    Random cuts = new Random(~size);
    for (int at = 0; at < size; ) {
      int n = Math.min(size - at, 1 + cuts.nextInt(300_000));
      pieces.update(data, at, n);
      at += n;
    }
    assertArrayEquals(expected, pieces.digest());

    if (size <= 65) {
      MessageDigest bytes = new LibCryptoSha1(loadedLibCrypto());
      for (byte b : data) {
        bytes.update(b);
      }
      assertArrayEquals(expected, bytes.digest());
    }
  }

  @Test
  void resetForgetsWhatWasFed() {
    MessageDigest sha1 = new LibCryptoSha1(loadedLibCrypto());
    sha1.update(new byte[1000]);
    sha1.reset();
    assertArrayEquals(
        Digests.jdkSha1().digest(new byte[] {1, 2, 3}), sha1.digest(new byte[] {1, 2, 3}));
  }

  @Test
  void digestsAsOpensslDoes(@TempDir Path directory) throws Exception {
    byte[] data = new byte[(1 << 20) + 7];
    new Random(7).nextBytes(data);
    Path file = directory.resolve("data");
    Files.write(file, data);
    ExternalTool.Result openssl = ExternalTool.run(directory, "openssl", "sha1", "-r", "data");
    assertEquals(0, openssl.exitCode(), openssl.stderr());
    String expected = openssl.stdoutText().split(" ")[0];
    assertEquals(
        expected,
        Digests.hex(new LibCryptoSha1(loadedLibCrypto()).digest(data)),
        new String(openssl.stdout(), StandardCharsets.US_ASCII));
  }
}
