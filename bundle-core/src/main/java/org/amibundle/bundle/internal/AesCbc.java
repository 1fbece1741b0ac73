package org.amibundle.bundle.internal;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.amibundle.manifest.keys.AesKeyIv;

/** AES-128-CBC with PKCS#7 padding, raw (no salt header, no MAC): the bundle cipher. */
public final class AesCbc {

  private static final String TRANSFORMATION = "AES/CBC/PKCS5Padding";

  private AesCbc() {}

  public static Cipher encryptor(AesKeyIv secret) {
    return init(Cipher.ENCRYPT_MODE, secret);
  }

  public static Cipher decryptor(AesKeyIv secret) {
    return init(Cipher.DECRYPT_MODE, secret);
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
}
