package org.amibundle.bundle;

/** What became of the manifest signature check of a {@link SignatureCheck}. */
public enum SignatureOutcome {
  /** Checked, and it held. */
  VERIFIED,
  /**
   * Asked for with the private key, but the key is EC2's (it opens only {@code ec2_encrypted_key}),
   * so the user's signature could not be checked.
   */
  NOT_POSSIBLE,
  /** Not checked, as asked. */
  SKIPPED
}
