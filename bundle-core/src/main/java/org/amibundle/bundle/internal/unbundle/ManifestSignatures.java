package org.amibundle.bundle.internal.unbundle;

import java.security.PrivateKey;
import org.amibundle.AmiBundleException;
import org.amibundle.BadInputException;
import org.amibundle.IntegrityException;
import org.amibundle.Setting;
import org.amibundle.bundle.SignatureCheck;
import org.amibundle.bundle.SignatureOutcome;
import org.amibundle.manifest.keys.PemFiles;
import org.amibundle.manifest.sign.ManifestVerifier;

/** Runs a {@link SignatureCheck} on a manifest, once the private key has opened the bundle. */
public final class ManifestSignatures {

  private static final String SKIP_HINT =
      ". It is checked because the private key is the bundle's user key: if you trust this bundle"
          + " as it is, skip the check ("
          + Setting.SKIP_SIGNATURE_CHECK
          + ")";

  private ManifestSignatures() {}

  /**
   * As {@link #check}, before an image is written from the bundle: a check asked of the private key
   * that EC2's copy alone opened is refused, not reported as {@link SignatureOutcome#NOT_POSSIBLE}.
   * Anyone can wrap a bundle's key to the user's certificate and put it in EC2's place; the image
   * would then be written with no check at all.
   *
   * @throws BadInputException the key opened only EC2's copy, and no certificate or skip was given
   */
  public static SignatureOutcome checkBeforeWriting(
      SignatureCheck check, byte[] rawManifest, PrivateKey privateKey, boolean userCopy)
      throws AmiBundleException {
    SignatureOutcome outcome = check(check, rawManifest, privateKey, userCopy);
    if (outcome == SignatureOutcome.NOT_POSSIBLE) {
      throw new BadInputException(
          "the manifest signature cannot be checked with the private key: it opens only EC2's"
              + " copy of the bundle's key, so it is not the user key that signed the manifest"
              + " (or the manifest was made to look so). Check it with the signer's certificate ("
              + Setting.CERT
              + "), or, for a bundle you trust, skip the check ("
              + Setting.SKIP_SIGNATURE_CHECK
              + ")");
    }
    return outcome;
  }

  /**
   * Checks the signature of {@code rawManifest} as {@code check} asks.
   *
   * @param privateKey the key that opened the bundle, if one did
   * @param userCopy whether it opened the user's copy of the AES key (it is the user's key)
   * @throws BadInputException the manifest is unsigned or the key cannot check signatures
   * @throws IntegrityException the signature does not verify
   */
  public static SignatureOutcome check(
      SignatureCheck check, byte[] rawManifest, PrivateKey privateKey, boolean userCopy)
      throws AmiBundleException {
    if (check instanceof SignatureCheck.WithKey given) {
      ManifestVerifier.verify(rawManifest, given.key());
      return SignatureOutcome.VERIFIED;
    }
    if (check instanceof SignatureCheck.Skipped) {
      return SignatureOutcome.SKIPPED;
    }
    if (privateKey == null || !userCopy) {
      return SignatureOutcome.NOT_POSSIBLE;
    }
    try {
      ManifestVerifier.verify(
          rawManifest, PemFiles.publicKeyOf(privateKey), "the public half of the private key");
    } catch (IllegalArgumentException e) {
      throw new BadInputException(
          "the manifest signature cannot be checked with the public half of the private key ("
              + e.getMessage()
              + "): give the user's certificate ("
              + Setting.CERT
              + ")",
          e);
    } catch (BadInputException e) {
      throw new BadInputException(e.getMessage() + SKIP_HINT, e);
    } catch (IntegrityException e) {
      throw new IntegrityException(e.getMessage() + SKIP_HINT, e);
    }
    return SignatureOutcome.VERIFIED;
  }
}
