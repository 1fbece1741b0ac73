package org.amibundle.bundle.internal.crypto;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.BadPaddingException;
import javax.crypto.Cipher;
import javax.crypto.IllegalBlockSizeException;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.amibundle.manifest.keys.AesKeyIv;

/**
 * The bundle cipher by the Java runtime's provider: where libcrypto cannot be loaded, and the
 * reference the libcrypto cipher is tested against (its factories are package-private so that tests
 * can choose it).
 */
final class JceAesCbc implements AesCbc {

  private static final String TRANSFORMATION = "AES/CBC/PKCS5Padding";

  private final Cipher cipher;
  private boolean closed;

  private JceAesCbc(Cipher cipher) {
    this.cipher = cipher;
  }

  static JceAesCbc encryptor(AesKeyIv secret) {
    return new JceAesCbc(init(Cipher.ENCRYPT_MODE, secret));
  }

  static JceAesCbc decryptor(AesKeyIv secret) {
    return new JceAesCbc(init(Cipher.DECRYPT_MODE, secret));
  }

  private static Cipher init(int mode, AesKeyIv secret) {
    byte[] key = secret.key().revealBytes();
    byte[] iv = secret.iv().revealBytes();
    try {
      Cipher cipher = Cipher.getInstance(TRANSFORMATION);
      cipher.init(mode, new SecretKeySpec(key, "AES"), new IvParameterSpec(iv));
      return cipher;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this Java runtime cannot do " + TRANSFORMATION, e);
    } finally {
      Arrays.fill(key, (byte) 0);
      Arrays.fill(iv, (byte) 0);
    }
  }

  @Override
  public int update(byte[] input, int offset, int length, byte[] output, int outputOffset) {
    checkOpen();
    try {
      return cipher.update(input, offset, length, output, outputOffset);
    } catch (ShortBufferException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  @Override
  public int doFinal(byte[] output, int outputOffset)
      throws IllegalBlockSizeException, BadPaddingException {
    checkOpen();
    try {
      return cipher.doFinal(output, outputOffset);
    } catch (ShortBufferException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  /** The JCE holds nothing outside the heap: only marks the cipher closed, as libcrypto's is. */
  @Override
  public void close() {
    closed = true;
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("the AES cipher is closed");
    }
  }

  @Override
  public String toString() {
    return "AES-128-CBC by the JCE";
  }
}
