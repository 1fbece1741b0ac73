package org.amibundle.cli.options;

import java.io.IOException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Optional;
import org.amibundle.UsageException;
import org.amibundle.bundle.ImageTarget;
import org.amibundle.manifest.keys.PemFiles;
import picocli.CommandLine.Option;

/** Where an unbundled image goes, and whether the manifest signature is checked first. */
public final class ImageOutputOptions {

  @Option(
      names = {"-d", "--destination"},
      paramLabel = "DIR",
      description = "Directory for the image, named as in the bundle (default: the current directory).")
  Path destination;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FILE|DEVICE",
      description = "Write the image to this file or block device instead.")
  Path output;

  @Option(
      names = {"-c", "--cert"},
      paramLabel = "PATH",
      description = "Check the manifest signature with this certificate before anything else.")
  Path cert;

  @Option(
      names = "--verify-signature",
      description =
          "Check the manifest signature: with --cert, or else with the public half of --privatekey.")
  boolean verifySignature;

  /** True when the user chose a destination or output file. */
  public boolean given() {
    return destination != null || output != null;
  }

  public ImageTarget target() throws UsageException {
    if (destination != null && output != null) {
      throw new UsageException("give --destination or --output, not both");
    }
    if (output != null) {
      return ImageTarget.file(output);
    }
    return ImageTarget.directory(destination != null ? destination : Path.of("."));
  }

  /** The key to check the signature with, if asked for. */
  public Optional<PublicKey> signatureKey(PrivateKey privateKey) throws IOException {
    if (cert != null) {
      return Optional.of(PemFiles.readCertificate(cert).getPublicKey());
    }
    return verifySignature ? Optional.of(PemFiles.publicKeyOf(privateKey)) : Optional.empty();
  }
}
