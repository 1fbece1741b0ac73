package org.amibundle.cli;

import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.amibundle.bundle.BundleVerifier;
import org.amibundle.bundle.PartSource;
import org.amibundle.bundle.VerifyReport;
import org.amibundle.bundle.VerifyRequest;
import org.amibundle.bundle.s3.BundleDownloader;
import org.amibundle.bundle.s3.S3Location;
import org.amibundle.cli.options.CommonOptions;
import org.amibundle.manifest.ManifestReader;
import org.amibundle.manifest.keys.PemFiles;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code verify-bundle}: checks a bundle in a directory or in S3 without restoring it, prints one
 * line per check and exits 0 only when every check passed.
 */
@Command(
    name = "verify-bundle",
    description =
        "Check a bundle without restoring it: signature, every part, bundled_size, and with -k the"
            + " image digest.")
final class VerifyBundleCommand implements Callable<Integer> {

  private final Terminal terminal;

  @Mixin CommonOptions common;

  @Option(
      names = {"-m", "--manifest"},
      required = true,
      paramLabel = "MANIFEST",
      description = "The manifest file; with -b its object name, e.g. image.manifest.xml.")
  String manifest;

  @Option(
      names = {"-c", "--cert"},
      paramLabel = "PATH",
      description = "Check the manifest signature with this certificate (the user's).")
  Path cert;

  @Option(
      names = {"-k", "--privatekey"},
      paramLabel = "PATH",
      description = "Decrypt the bundle with this key to check the image digest (nothing is written).")
  Path privateKey;

  @ArgGroup(exclusive = true)
  Where where;

  static final class Where {
    @Option(
        names = {"-s", "--source"},
        paramLabel = "DIR",
        description = "Directory holding the parts (default: the manifest's directory).")
    Path source;

    @ArgGroup(exclusive = false, heading = "Bundle in S3 (secret from AWS_SECRET_ACCESS_KEY):%n")
    VerifyS3Options s3;
  }

  VerifyBundleCommand(Terminal terminal) {
    this.terminal = terminal;
  }

  @Override
  public Integer call() throws Exception {
    if (common.manual()) {
      return Manual.print(terminal, "verify-bundle");
    }
    Optional<PublicKey> signatureKey =
        cert == null ? Optional.empty() : Optional.of(PemFiles.readCertificate(cert).getPublicKey());
    Optional<PrivateKey> key =
        privateKey == null ? Optional.empty() : Optional.of(PemFiles.readPrivateKey(privateKey));
    VerifyReport report;
    if (where != null && where.s3 != null) {
      var options = where.s3.asS3Options();
      S3Location location = S3Connections.location(options);
      try (S3Client client = S3Connections.client(options, terminal)) {
        VerifyRequest request =
            new VerifyRequest(
                ManifestReader.read(BundleDownloader.manifest(client, location, manifest)),
                PartSource.fetched(BundleDownloader.partFetcher(client, location)),
                signatureKey,
                key);
        report = new BundleVerifier().verify(request);
      }
    } else {
      Path file = Path.of(manifest);
      Path parts =
          where != null ? where.source : file.toAbsolutePath().getParent();
      report =
          new BundleVerifier()
              .verify(
                  new VerifyRequest(
                      ManifestReader.read(file), PartSource.directory(parts), signatureKey, key));
    }
    return print(report);
  }

  private int print(VerifyReport report) {
    for (VerifyReport.Check check : report.checks()) {
      terminal
          .out()
          .println((check.passed() ? "OK      " : "FAILED  ") + check.name() + ": " + check.detail());
    }
    if (cert == null) {
      terminal.out().println("SKIPPED signature: give -c CERT to check it");
    }
    if (privateKey == null) {
      terminal.out().println("SKIPPED image digest: give -k KEY to decrypt and check it");
    }
    if (report.passed()) {
      terminal.out().println("Bundle verified: " + report.checks().size() + " checks passed.");
      return ExitCodes.OK;
    }
    terminal
        .err()
        .println(
            "ERROR: "
                + report.failures().size()
                + " of "
                + report.checks().size()
                + " checks failed; see FAILED above");
    return ExitCodes.ERROR;
  }
}
