package org.amibundle.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.amibundle.UsageException;
import org.amibundle.bundle.ImageTarget;
import org.amibundle.bundle.PartSource;
import org.amibundle.bundle.UnbundleRequest;
import org.amibundle.bundle.UnbundleResult;
import org.amibundle.bundle.Unbundler;
import org.amibundle.cli.options.CommonOptions;
import org.amibundle.manifest.ManifestReader;
import org.amibundle.manifest.keys.PemFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code unbundle} / ec2-unbundle: a bundle becomes its image again, every part verified. */
@Command(
    name = "unbundle",
    description =
        "Restore the image of a bundle: check every part, decrypt, gunzip, untar, check the digest.")
final class UnbundleCommand implements Callable<Integer> {

  private final Terminal terminal;

  @Mixin CommonOptions common;

  @Option(
      names = {"-k", "--privatekey"},
      required = true,
      paramLabel = "PATH",
      description = "PEM RSA private key that opens the bundle (the user's, or EC2's).")
  Path privateKey;

  @Option(
      names = {"-m", "--manifest"},
      required = true,
      paramLabel = "PATH",
      description = "The bundle's manifest file.")
  Path manifest;

  @Option(
      names = {"-s", "--source"},
      paramLabel = "DIR",
      defaultValue = ".",
      description = "Directory holding the parts (default: the current directory).")
  Path source;

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

  @Option(
      names = "--stream",
      description = "Read the parts back to back from standard input and write the image to standard output.")
  boolean stream;

  UnbundleCommand(Terminal terminal) {
    this.terminal = terminal;
  }

  @Override
  public Integer call() throws Exception {
    if (common.manual()) {
      return Manual.print(terminal, "unbundle");
    }
    if (stream && (destination != null || output != null)) {
      throw new UsageException("--stream writes to standard output: drop --destination/--output");
    }
    if (destination != null && output != null) {
      throw new UsageException("give --destination or --output, not both");
    }
    PrivateKey key = PemFiles.readPrivateKey(privateKey);
    UnbundleRequest request =
        new UnbundleRequest(
            ManifestReader.read(manifest),
            stream ? PartSource.concatenated(terminal.in()) : PartSource.directory(source),
            key,
            signatureKey(key),
            target());
    UnbundleResult result = new Unbundler().unbundle(request);
    PrintStream messages = stream ? terminal.err() : terminal.out();
    if (result.signatureVerified()) {
      messages.println("Manifest signature verified.");
    }
    result.image().ifPresent(path -> messages.println("Wrote " + path));
    messages.println("Unbundle complete.");
    return ExitCodes.OK;
  }

  private Optional<PublicKey> signatureKey(PrivateKey key) throws java.io.IOException {
    if (cert != null) {
      return Optional.of(PemFiles.readCertificate(cert).getPublicKey());
    }
    return verifySignature ? Optional.of(PemFiles.publicKeyOf(key)) : Optional.empty();
  }

  private ImageTarget target() {
    if (stream) {
      return ImageTarget.stream(terminal.out());
    }
    if (output != null) {
      return ImageTarget.file(output);
    }
    return ImageTarget.directory(destination != null ? destination : Path.of("."));
  }
}
