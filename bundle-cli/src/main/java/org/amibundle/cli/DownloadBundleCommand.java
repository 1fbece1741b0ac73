package org.amibundle.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.amibundle.bundle.s3.BundleDownloader;
import org.amibundle.bundle.s3.S3Location;
import org.amibundle.cli.options.CommonOptions;
import org.amibundle.cli.options.ManifestNameOptions;
import org.amibundle.cli.options.S3Options;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.s3.S3Client;

/** {@code download-bundle} / ec2-download-bundle. */
@Command(
    name = "download-bundle",
    description = {
      "Download a bundle from S3, every part checked against its SHA-1.",
      "",
      "--json prints {manifest (the file written), objects, bytes (moved), skipped_objects,"
          + " skipped_bytes (already there)}."
    })
final class DownloadBundleCommand implements Callable<Integer> {

  private final Terminal terminal;

  @Mixin CommonOptions common;

  @Mixin S3Options s3;

  @Mixin ManifestNameOptions name;

  @Option(
      names = {"-k", "--privatekey"},
      paramLabel = "PATH",
      description =
          "Accepted for compatibility (the reference decrypts pre-2007 manifests with it).")
  Path privateKey;

  @Option(
      names = {"-d", "--directory"},
      paramLabel = "DIR",
      defaultValue = ".",
      description = "Existing directory for the bundle (default: the current directory).")
  Path directory;

  DownloadBundleCommand(Terminal terminal) {
    this.terminal = terminal;
  }

  @Override
  public Integer call() throws Exception {
    if (common.manual()) {
      return Manual.print(terminal, common.command());
    }
    S3Location source = S3Connections.location(s3);
    try (S3Client client = S3Connections.client(s3, terminal)) {
      TransferPrinter printer = new TransferPrinter(terminal, "Downloaded", common.batch());
      Path manifest =
          new BundleDownloader(client, s3.parallel(), printer)
              .download(source, name.manifestName(), directory);
      terminal.out().println("Bundle downloaded; manifest is " + manifest);
      terminal.json(
          json -> {
            json.writeStringField("manifest", manifest.toString());
            printer.writeTotals(json);
          });
    }
    return ExitCodes.OK;
  }
}
