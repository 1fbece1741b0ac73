package org.amibundle.bundle.internal.crypto;

import static org.amibundle.bundle.internal.crypto.CipherImplementation.JCE;
import static org.amibundle.bundle.internal.crypto.CipherImplementation.LIBCRYPTO;
import static org.amibundle.bundle.internal.crypto.CipherImplementation.WHOLE;
import static org.amibundle.bundle.internal.crypto.CipherImplementation.pieces;
import static org.amibundle.bundle.internal.crypto.CipherImplementation.secret;
import static org.amibundle.bundle.internal.crypto.LibCryptoAesCbc.BAD_PADDING;
import static org.amibundle.bundle.internal.crypto.LibCryptoAesCbc.NOT_A_MULTIPLE_OF_16;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.IntSupplier;
import java.util.stream.Stream;
import org.amibundle.IntegrityException;
import org.amibundle.manifest.keys.AesKeyIv;
import org.amibundle.testing.ExternalTool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The libcrypto and JCE ciphers, through the bundle's streams, write the bytes {@code openssl enc
 * -aes-128-cbc} writes, and so each other's, for lengths around a block, libcrypto's 256 KiB slice
 * and the streams' 1 MiB chunk, fed in pieces of odd sizes; they read them back; and they refuse a
 * bad ciphertext with the same IntegrityException, as openssl refuses it.
 */
class AesCbcImplementationsAgreeTest {

  private static final int KIB = 1 << 10;
  private static final int MIB = 1 << 20;

  @TempDir Path work;

  @ParameterizedTest(name = "{0} bytes")
  @ValueSource(
      ints = {
        0,
        1,
        15,
        16,
        17,
        31,
        32,
        33,
        256 * KIB - 1,
        256 * KIB + 1,
        MIB - 1,
        MIB,
        MIB + 1,
        3 * MIB + 5
      })
  void bothCiphers_writeOpensslsCiphertext_andReadItBack(int size) throws IOException {
    Random random = new Random(size);
    AesKeyIv secret = secret(random);
    byte[] plaintext = new byte[size];
    random.nextBytes(plaintext);
    byte[] expected = openssl(secret, plaintext, "-e").orFail().stdout();
    IntSupplier oddPieces = pieces(random, Math.max(7, size / 3));

    for (CipherImplementation cipher : CipherImplementation.values()) {
      assertArrayEquals(
          expected, cipher.encrypt(secret, plaintext, oddPieces), cipher + ", odd pieces");
      assertArrayEquals(expected, cipher.encrypt(secret, plaintext, WHOLE), cipher + ", one write");
      assertArrayEquals(
          plaintext, cipher.decrypt(secret, expected, oddPieces), cipher + " decrypting");
    }
  }

  static Stream<Arguments> badCiphertexts() throws IOException {
    AesKeyIv secret = secret(new Random(1));
    byte[] plaintext = new byte[100_000]; // whole blocks: the padding is a block of its own
    new Random(2).nextBytes(plaintext);
    byte[] good = JCE.encrypt(secret, plaintext, pieces(new Random(3), 5000));
    int n = good.length;
    return Stream.of(
        arguments("wrong key", good, secret(new Random(4)), BAD_PADDING),
        arguments("last byte cut", Arrays.copyOf(good, n - 1), secret, NOT_A_MULTIPLE_OF_16),
        arguments("a byte appended", Arrays.copyOf(good, n + 1), secret, NOT_A_MULTIPLE_OF_16),
        arguments("last block dropped", Arrays.copyOf(good, n - 16), secret, BAD_PADDING),
        arguments("last block damaged", flipped(good, n - 5), secret, BAD_PADDING),
        arguments(
            "padding flipped by the block before", flipped(good, n - 17), secret, BAD_PADDING),
        arguments("one block of zeros", new byte[16], secret, BAD_PADDING),
        arguments("seven bytes", new byte[7], secret, NOT_A_MULTIPLE_OF_16));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badCiphertexts")
  void badCiphertext_isRefusedAlikeByBoth_andByOpenssl(
      String tampering, byte[] ciphertext, AesKeyIv secret, String reason) {
    IntegrityException jce = refusal(JCE, secret, ciphertext);
    IntegrityException libCrypto = refusal(LIBCRYPTO, secret, ciphertext);

    assertEquals(jce.getMessage(), libCrypto.getMessage());
    assertTrue(jce.getMessage().contains("(" + reason + ")"), jce.getMessage());
    assertEquals(jce.getCause().getClass(), libCrypto.getCause().getClass());
    assertNotEquals(0, openssl(secret, ciphertext, "-d").exitCode(), "openssl enc -d took it");
  }

  @Test
  void emptyCiphertext_decryptsToNothingInBoth() throws IOException {
    AesKeyIv secret = secret(new Random(6));
    for (CipherImplementation cipher : CipherImplementation.values()) {
      assertArrayEquals(new byte[0], cipher.decrypt(secret, new byte[0], WHOLE), cipher.name());
    }
  }

  @Test
  void damagedMiddleBlock_decryptsToTheSameGarbleInBoth() throws IOException {
    Random random = new Random(8);
    AesKeyIv secret = secret(random);
    byte[] plaintext = new byte[5000];
    random.nextBytes(plaintext);
    byte[] damaged = flipped(JCE.encrypt(secret, plaintext, WHOLE), 2000);

    byte[] jce = JCE.decrypt(secret, damaged, pieces(random, 300));
    assertEquals(plaintext.length, jce.length);
    assertFalse(Arrays.equals(plaintext, jce));
    assertArrayEquals(jce, LIBCRYPTO.decrypt(secret, damaged, pieces(random, 300)));
  }

  private static IntegrityException refusal(
      CipherImplementation cipher, AesKeyIv secret, byte[] ciphertext) {
    return assertThrows(
        IntegrityException.class,
        () -> cipher.decrypt(secret, ciphertext, pieces(new Random(5), 4000)),
        cipher.name());
  }

  private static byte[] flipped(byte[] bytes, int index) {
    byte[] copy = bytes.clone();
    copy[index] ^= 0x01;
    return copy;
  }

  private ExternalTool.Result openssl(AesKeyIv secret, byte[] input, String direction) {
    return ExternalTool.run(
        work,
        input,
        List.of(
            "openssl",
            "enc",
            direction,
            "-aes-128-cbc",
            "-K",
            secret.key().revealHex(),
            "-iv",
            secret.iv().revealHex()));
  }
}
