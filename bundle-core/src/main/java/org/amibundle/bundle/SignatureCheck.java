package org.amibundle.bundle;

import java.security.PublicKey;
import java.util.Objects;

/**
 * Whether and how the manifest signature is checked before an image is written or a bundle is
 * reported sound. A signature that does not verify stops everything; {@link SignatureOutcome} says
 * what was done.
 */
public sealed interface SignatureCheck {

  /** With {@code key}, the public key of the user's certificate: the manifest must be signed. */
  static SignatureCheck with(PublicKey key) {
    return new WithKey(key);
  }

  /**
   * With the public half of the private key when it is the bundle's user key (it opens {@code
   * user_encrypted_key}): the manifest must be signed by it. A key that opens only {@code
   * ec2_encrypted_key} (EC2's, or the user's in a manifest made to look so) cannot check it: an
   * unbundle or convert is refused, and a verification reports {@link
   * SignatureOutcome#NOT_POSSIBLE}.
   */
  static SignatureCheck withPrivateKey() {
    return ByPrivateKey.INSTANCE;
  }

  /** Not checked, on purpose: {@link SignatureOutcome#SKIPPED}. */
  static SignatureCheck none() {
    return Skipped.INSTANCE;
  }

  /** A check with a given public key. */
  record WithKey(PublicKey key) implements SignatureCheck {
    public WithKey {
      Objects.requireNonNull(key, "key");
    }
  }

  /** A check with the public half of the private key, when it is the user's. */
  enum ByPrivateKey implements SignatureCheck {
    INSTANCE
  }

  /** No check. */
  enum Skipped implements SignatureCheck {
    INSTANCE
  }
}
