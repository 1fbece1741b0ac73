package org.amibundle.cli.options;

import java.io.IOException;
import java.nio.file.Path;
import org.amibundle.UsageException;
import org.amibundle.bundle.SignatureCheck;
import org.amibundle.manifest.keys.PemFiles;
import picocli.CommandLine.Option;

/**
 * How the manifest signature of a bundle that is read is checked: by default with the public half
 * of the private key when it is the bundle's user key, with {@code -c} against a certificate, or
 * not at all with {@code --no-verify-signature}.
 */
public final class SignatureOptions {

  /** Why EC2's private key cannot check the manifest signature. */
  public static final String EC2_KEY =
      "the private key opens only EC2's copy of the bundle's key, so it is not the user's key that"
          + " signed it; give -c CERT to check it";

  @Option(
      names = {"-c", "--cert"},
      paramLabel = "PATH",
      description = "Check the manifest signature with this certificate (the user's).")
  Path cert;

  @Option(
      names = "--verify-signature",
      description = "Check the manifest signature (the default; kept for older scripts).")
  boolean verifySignature;

  @Option(
      names = "--no-verify-signature",
      description = "Do not check the manifest signature (a bundle you trust that is unsigned).")
  boolean noVerifySignature;

  /** The check the flags ask for. */
  public SignatureCheck check() throws IOException {
    if (noVerifySignature) {
      if (cert != null || verifySignature) {
        throw new UsageException(
            "--no-verify-signature skips the signature check: drop -c/--cert and"
                + " --verify-signature, or drop it");
      }
      return SignatureCheck.none();
    }
    if (cert != null) {
      return SignatureCheck.with(PemFiles.readCertificate(cert).getPublicKey());
    }
    return SignatureCheck.withPrivateKey();
  }
}
