package org.amibundle.manifest;

import java.util.HexFormat;
import java.util.Objects;

/**
 * The four RSA-wrapped values of {@code image}: the AES key and IV, each wrapped for EC2 and for
 * the user. All are hex text; the user's pair may be empty (euca2ools bundles made without a user
 * certificate). {@code cipherAlgorithm} is {@code ec2_encrypted_key@algorithm} ({@code
 * AES-128-CBC}).
 */
public record WrappedKeys(
    String cipherAlgorithm,
    String ec2EncryptedKey,
    String userEncryptedKey,
    String ec2EncryptedIv,
    String userEncryptedIv) {

  /** The only bundle cipher. */
  public static final String AES_128_CBC = "AES-128-CBC";

  public WrappedKeys {
    Objects.requireNonNull(cipherAlgorithm, "cipher algorithm");
    requireHex("ec2_encrypted_key", ec2EncryptedKey);
    requireHex("user_encrypted_key", userEncryptedKey);
    requireHex("ec2_encrypted_iv", ec2EncryptedIv);
    requireHex("user_encrypted_iv", userEncryptedIv);
  }

  private static void requireHex(String element, String value) {
    Objects.requireNonNull(value, element);
    if (!value.chars().allMatch(HexFormat::isHexDigit)) {
      throw new IllegalArgumentException(
          element
              + " must be hex digits or empty, got "
              + value.length()
              + " characters that are not all hex");
    }
  }
}
