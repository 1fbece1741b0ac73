package org.amibundle.manifest.keys;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;

/**
 * RSA as bundles use it: PKCS#1 v1.5 encryption for the wrapped AES key and IV, and PKCS#1 v1.5
 * signatures over SHA-1 for the manifest. {@link #JCE} is the Java runtime's own. Failures are
 * reported as the JCE reports them, so that callers word them once: {@code InvalidKeyException} for
 * a key that is not RSA, {@code BadPaddingException} or {@code IllegalBlockSizeException} for a
 * ciphertext that does not decrypt with the key.
 */
public interface Rsa {

  /**
   * The Java runtime's RSA ({@code Cipher RSA/ECB/PKCS1Padding}, {@code Signature SHA1withRSA}).
   */
  Rsa JCE = new JceRsa();

  byte[] encrypt(PublicKey key, byte[] plaintext) throws GeneralSecurityException;

  byte[] decrypt(PrivateKey key, byte[] ciphertext) throws GeneralSecurityException;

  /** The SHA1withRSA signature of {@code data}. */
  byte[] signSha1(PrivateKey key, byte[] data) throws GeneralSecurityException;
}
