package org.amibundle.bundle;

/** What became of the manifest signature check of a {@link SignatureCheck}. */
public enum SignatureOutcome {
  /** Checked, and it held. */
  VERIFIED,
  /**
   * Asked for with the private key, but the key opens only {@code ec2_encrypted_key}, so the user's
   * signature could not be checked. Only a verification reports it: an unbundle or convert is
   * refused instead.
   */
  NOT_POSSIBLE,
  /** Not checked, as asked. */
  SKIPPED
}
