package org.amibundle.manifest.keys;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import javax.crypto.Cipher;

/** {@link Rsa} by the Java runtime's providers. */
final class JceRsa implements Rsa {

  private static final String TRANSFORMATION = "RSA/ECB/PKCS1Padding";
  private static final String SIGNATURE = "SHA1withRSA";

  @Override
  public byte[] encrypt(PublicKey key, byte[] plaintext) throws GeneralSecurityException {
    Cipher cipher = Cipher.getInstance(TRANSFORMATION);
    cipher.init(Cipher.ENCRYPT_MODE, key);
    return cipher.doFinal(plaintext);
  }

  @Override
  public byte[] decrypt(PrivateKey key, byte[] ciphertext) throws GeneralSecurityException {
    Cipher cipher = Cipher.getInstance(TRANSFORMATION);
    cipher.init(Cipher.DECRYPT_MODE, key);
    return cipher.doFinal(ciphertext);
  }

  @Override
  public byte[] signSha1(PrivateKey key, byte[] data) throws GeneralSecurityException {
    Signature signature = Signature.getInstance(SIGNATURE);
    signature.initSign(key);
    signature.update(data);
    return signature.sign();
  }

  @Override
  public String toString() {
    return "RSA by the Java runtime";
  }
}
