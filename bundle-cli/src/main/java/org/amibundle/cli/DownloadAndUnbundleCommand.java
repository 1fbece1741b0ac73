package org.amibundle.cli;

import java.security.PrivateKey;
import java.util.concurrent.Callable;
import org.amibundle.bundle.PartSource;
import org.amibundle.bundle.UnbundleRequest;
import org.amibundle.bundle.UnbundleResult;
import org.amibundle.bundle.Unbundler;
import org.amibundle.bundle.s3.BundleDownloader;
import org.amibundle.bundle.s3.S3Location;
import org.amibundle.cli.options.BundleKeyOption;
import org.amibundle.cli.options.CommonOptions;
import org.amibundle.cli.options.ImageOutputOptions;
import org.amibundle.cli.options.ManifestNameOptions;
import org.amibundle.cli.options.S3Options;
import org.amibundle.cli.options.SignatureOptions;
import org.amibundle.manifest.ManifestDocument;
import org.amibundle.manifest.ManifestReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code download-and-unbundle} (as euca2ools has it): parts stream from S3 straight through the
 * unbundle pipeline into a file or device; no part is stored locally, each is verified.
 */
@Command(
    name = "download-and-unbundle",
    description = {
      "Restore a bundle's image straight from S3: no local copy of the parts.",
      "",
      UnbundleCommand.JSON_FIELDS
          + " Also objects and bytes downloaded (skipped_objects, skipped_bytes: 0)."
    })
final class DownloadAndUnbundleCommand implements Callable<Integer> {

  private final Terminal terminal;

  @Mixin CommonOptions common;

  @Mixin S3Options s3;

  @Mixin ManifestNameOptions name;

  @Mixin BundleKeyOption privateKey;

  @Mixin ImageOutputOptions output;

  @Mixin SignatureOptions signature;

  DownloadAndUnbundleCommand(Terminal terminal) {
    this.terminal = terminal;
  }

  @Override
  public Integer call() throws Exception {
    if (common.manual()) {
      return Manual.print(terminal, common.command());
    }
    S3Location source = S3Connections.location(s3);
    PrivateKey key = privateKey.read();
    try (S3Client client = S3Connections.client(s3, terminal)) {
      ManifestDocument manifest =
          ManifestReader.read(BundleDownloader.manifest(client, source, name.manifestName()));
      TransferPrinter printer = new TransferPrinter(terminal, "Downloaded", common.batch());
      UnbundleRequest request =
          new UnbundleRequest(
              manifest,
              PartSource.fetched(BundleDownloader.partFetcher(client, source, printer)),
              key,
              signature.check(),
              output.target());
      printer.started(
          manifest.manifest().image().parts().size(), manifest.manifest().image().bundledSize());
      UnbundleResult result;
      try {
        result = new Unbundler().unbundle(request);
      } finally {
        printer.finished();
      }
      UnbundleCommand.report(result, terminal.out(), terminal.notes());
      terminal.json(
          json -> {
            UnbundleCommand.json(json, result, manifest);
            printer.writeTotals(json);
          });
    }
    return ExitCodes.OK;
  }
}
