package org.amibundle.bundle.internal.crypto;

import static org.amibundle.bundle.internal.crypto.CipherImplementation.JCE;
import static org.amibundle.bundle.internal.crypto.CipherImplementation.LIBCRYPTO;
import static org.amibundle.bundle.internal.crypto.CipherImplementation.pieces;
import static org.amibundle.bundle.internal.crypto.CipherImplementation.secret;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.HexFormat;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.amibundle.manifest.keys.AesKeyIv;

/** Any input, in pieces of any sizes, gives the same bytes or the same failure in both ciphers. */
class AesCbcImplementationsAgreePropertyTest {

  @Property(tries = 200)
  void anyPlaintext_encryptsAlike_andDecryptsInTheOther(
      @ForAll @Size(max = 70_000) byte[] plaintext,
      @ForAll long seed,
      @ForAll @IntRange(min = 1, max = 5000) int maxPiece)
      throws IOException {
    AesKeyIv secret = secret(new Random(seed));
    byte[] jce = JCE.encrypt(secret, plaintext, pieces(new Random(seed), maxPiece));

    byte[] libCrypto = LIBCRYPTO.encrypt(secret, plaintext, pieces(new Random(~seed), maxPiece));
    assertArrayEquals(jce, libCrypto);
    assertArrayEquals(
        plaintext, LIBCRYPTO.decrypt(secret, jce, pieces(new Random(seed), maxPiece)));
  }

  @Property(tries = 300)
  void anyBytes_decryptAlike_orFailAlike(
      @ForAll @Size(max = 3000) byte[] ciphertext,
      @ForAll long seed,
      @ForAll @IntRange(min = 1, max = 100) int maxPiece) {
    AesKeyIv secret = secret(new Random(seed));

    assertEquals(
        outcome(JCE, secret, ciphertext, seed, maxPiece),
        outcome(LIBCRYPTO, secret, ciphertext, ~seed, maxPiece));
  }

  /** The plaintext in hex, or the failure's type and message. */
  private static String outcome(
      CipherImplementation cipher, AesKeyIv secret, byte[] ciphertext, long seed, int maxPiece) {
    try {
      return HexFormat.of()
          .formatHex(cipher.decrypt(secret, ciphertext, pieces(new Random(seed), maxPiece)));
    } catch (IOException e) {
      return e.getClass().getName() + ": " + e.getMessage();
    }
  }
}
