package org.amibundle.manifest.keys;

import java.security.PrivateKey;
import java.security.PublicKey;
import org.amibundle.AmiBundleException;
import org.amibundle.BadInputException;
import org.amibundle.manifest.WrappedKeys;

/**
 * Wraps a bundle's AES key and IV for the user and EC2, and unwraps them again: first through
 * {@code user_encrypted_*}, then through {@code ec2_encrypted_*} (EC2's own key, or the stand-in
 * EC2 key of a test), as euca2ools does.
 */
public final class BundleKeys {

  private BundleKeys() {}

  /**
   * The key and IV, and which copy opened: {@code userCopy} when {@code key} opened {@code
   * user_encrypted_*} (it is the bundle's user key), false when only {@code ec2_encrypted_*} opened
   * (EC2's key).
   */
  public record Opened(AesKeyIv secret, boolean userCopy) {}

  /** The key and IV, from the user's wrapped pair or else from EC2's; decrypted by {@code rsa}. */
  public static AesKeyIv unwrap(WrappedKeys keys, PrivateKey key, Rsa rsa)
      throws AmiBundleException {
    return open(keys, key, rsa).secret();
  }

  /** As {@link #unwrap}, saying which copy opened. */
  public static Opened open(WrappedKeys keys, PrivateKey key, Rsa rsa) throws AmiBundleException {
    if (!WrappedKeys.AES_128_CBC.equalsIgnoreCase(keys.cipherAlgorithm())) {
      throw new BadInputException(
          "the bundle cipher is '"
              + keys.cipherAlgorithm()
              + "' (ec2_encrypted_key@algorithm),"
              + " but only "
              + WrappedKeys.AES_128_CBC
              + " bundles exist");
    }
    String userFailure;
    if (keys.userEncryptedKey().isEmpty() || keys.userEncryptedIv().isEmpty()) {
      userFailure = "empty (the bundle was made without a user certificate)";
    } else {
      try {
        return new Opened(
            unwrapPair(keys.userEncryptedKey(), keys.userEncryptedIv(), key, rsa), true);
      } catch (BadInputException e) {
        userFailure = e.getMessage();
      }
    }
    try {
      return new Opened(unwrapPair(keys.ec2EncryptedKey(), keys.ec2EncryptedIv(), key, rsa), false);
    } catch (BadInputException e) {
      throw new BadInputException(
          "the bundle's AES key does not unwrap with the given private key;"
              + " image/user_encrypted_key and _iv: "
              + userFailure
              + "; image/ec2_encrypted_key and _iv: "
              + e.getMessage(),
          e);
    }
  }

  /** Wraps {@code secret} for the user and for EC2 with {@code rsa}, cipher {@code AES-128-CBC}. */
  public static WrappedKeys wrap(AesKeyIv secret, PublicKey userKey, PublicKey ec2Key, Rsa rsa) {
    return new WrappedKeys(
        WrappedKeys.AES_128_CBC,
        KeyWrap.wrap(secret.key(), ec2Key, rsa),
        KeyWrap.wrap(secret.key(), userKey, rsa),
        KeyWrap.wrap(secret.iv(), ec2Key, rsa),
        KeyWrap.wrap(secret.iv(), userKey, rsa));
  }

  private static AesKeyIv unwrapPair(String wrappedKey, String wrappedIv, PrivateKey key, Rsa rsa)
      throws AmiBundleException {
    SecretBytes aesKey = KeyWrap.unwrap(wrappedKey, key, rsa);
    try {
      return new AesKeyIv(aesKey, KeyWrap.unwrap(wrappedIv, key, rsa));
    } catch (BadInputException e) {
      aesKey.destroy();
      throw e;
    }
  }
}
