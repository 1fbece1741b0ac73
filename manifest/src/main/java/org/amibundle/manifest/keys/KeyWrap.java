package org.amibundle.manifest.keys;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.BadPaddingException;
import javax.crypto.IllegalBlockSizeException;
import org.amibundle.AmiBundleException;
import org.amibundle.BadInputException;

/**
 * RSA key wrapping of the manifest's {@code *_encrypted_key} and {@code *_encrypted_iv}: the RSA
 * plaintext is the lowercase ASCII hex text of the secret (32 characters for 16 bytes), not the raw
 * bytes; PKCS#1 v1.5 padding; the ciphertext is written as lowercase hex.
 */
public final class KeyWrap {

  private static final int MAX_HEX_CHARS = 2 * AesKeyIv.SIZE;

  private KeyWrap() {}

  /**
   * RSA-encrypts ({@code rsa}) the hex text of {@code secret} for {@code key}; lowercase hex
   * ciphertext.
   */
  public static String wrap(SecretBytes secret, PublicKey key, Rsa rsa) {
    byte[] plaintext = secret.revealHex().getBytes(StandardCharsets.US_ASCII);
    try {
      return HexFormat.of().formatHex(rsa.encrypt(key, plaintext));
    } catch (InvalidKeyException e) {
      throw new IllegalArgumentException(
          "keys are wrapped with an RSA public key, got a " + key.getAlgorithm() + " key", e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(rsa + " cannot encrypt with PKCS#1 v1.5 padding", e);
    } finally {
      Arrays.fill(plaintext, (byte) 0);
    }
  }

  /**
   * Decrypts a wrapped value to its 16 bytes with {@code rsa}. The plaintext must be hex text of at
   * most 32 characters; shorter text is right-padded with {@code '0'}, as {@code openssl enc
   * -K/-iv} pads it (old bundles hold 8-byte IVs written as 16 hex characters).
   *
   * @throws BadInputException the value is not hex, does not decrypt with {@code key}, or does not
   *     decrypt to hex text
   */
  public static SecretBytes unwrap(String hex, PrivateKey key, Rsa rsa) throws AmiBundleException {
    byte[] ciphertext;
    try {
      ciphertext = HexFormat.of().parseHex(hex.trim());
    } catch (IllegalArgumentException e) {
      throw new BadInputException(
          "the wrapped value is not an even number of hex digits: the manifest is damaged");
    }
    byte[] plaintext = decrypt(ciphertext, key, rsa);
    try {
      return fromHexText(plaintext);
    } finally {
      Arrays.fill(plaintext, (byte) 0);
    }
  }

  private static byte[] decrypt(byte[] ciphertext, PrivateKey key, Rsa rsa)
      throws BadInputException {
    try {
      return rsa.decrypt(key, ciphertext);
    } catch (BadPaddingException | IllegalBlockSizeException e) {
      throw new BadInputException(
          "the wrapped value ("
              + ciphertext.length
              + " bytes) does not decrypt with the given"
              + " private key: use the private key of the certificate the bundle was made for");
    } catch (InvalidKeyException e) {
      throw new BadInputException(
          "keys are unwrapped with an RSA private key, got a " + key.getAlgorithm() + " key");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(rsa + " cannot decrypt with PKCS#1 v1.5 padding", e);
    }
  }

  private static SecretBytes fromHexText(byte[] text) throws BadInputException {
    if (text.length == 0 || text.length > MAX_HEX_CHARS) {
      throw new BadInputException(
          "the wrapped value decrypts to "
              + text.length
              + " characters, expected 1 to "
              + MAX_HEX_CHARS
              + " hex digits: it was not made by a bundle tool");
    }
    byte[] bytes = new byte[AesKeyIv.SIZE];
    try {
      for (int i = 0; i < text.length; i++) {
        if (!HexFormat.isHexDigit(text[i])) {
          throw new BadInputException(
              "the wrapped value decrypts to text that is not hex digits: it was not made by a"
                  + " bundle tool");
        }
        // Right-padding with '0' means missing low nibbles stay zero.
        int nibble = HexFormat.fromHexDigit(text[i]);
        bytes[i / 2] |= (byte) (i % 2 == 0 ? nibble << 4 : nibble);
      }
      return SecretBytes.copyOf(bytes);
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }
}
