package org.amibundle.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.amibundle.bundle.s3.BundleUploader;
import org.amibundle.bundle.s3.S3Clients;
import org.amibundle.bundle.s3.S3Location;
import org.amibundle.bundle.s3.S3Settings;
import org.amibundle.bundle.s3.UploadRequest;
import org.amibundle.cli.options.CommonOptions;
import org.amibundle.cli.options.ManifestFileOption;
import org.amibundle.cli.options.S3Options;
import org.amibundle.cli.options.UploadTargetOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.s3.S3Client;

/** {@code upload-bundle} / ec2-upload-bundle. */
@Command(
    name = "upload-bundle",
    description = {
      "Upload a bundle to S3: parts in parallel with Content-MD5, the manifest last.",
      "",
      "--json prints {bucket, manifest (its key; null with --skipmanifest),"
          + " objects, bytes (moved), skipped_objects, skipped_bytes (already there)}."
    })
final class UploadBundleCommand implements Callable<Integer> {

  private final Terminal terminal;

  @Mixin CommonOptions common;

  @Mixin S3Options s3;

  @Mixin UploadTargetOptions target;

  @Mixin ManifestFileOption manifest;

  @Option(
      names = {"-d", "--directory"},
      paramLabel = "DIR",
      description = "Directory holding the parts (default: the manifest's).")
  Path directory;

  @Option(
      names = "--part",
      paramLabel = "N",
      defaultValue = "0",
      description = "Upload only parts from index N on.")
  int firstPart;

  @Option(names = "--skipmanifest", description = "Do not upload the manifest.")
  boolean skipManifest;

  UploadBundleCommand(Terminal terminal) {
    this.terminal = terminal;
  }

  @Override
  public Integer call() throws Exception {
    if (common.manual()) {
      return Manual.print(terminal, common.command());
    }
    S3Location location = S3Connections.location(s3);
    S3Connections.Resolved resolved = S3Connections.resolve(s3, terminal);
    S3Settings settings = resolved.settings();
    UploadRequest request =
        new UploadRequest(
            manifest.path(),
            directory != null ? directory : UploadRequest.defaultPartsDirectory(manifest.path()),
            location,
            target.acl(),
            firstPart,
            skipManifest,
            target.bucketLocation(settings.region()));
    try (S3Client client = S3Clients.create(settings, resolved.credentials())) {
      TransferPrinter printer = new TransferPrinter(terminal, "Uploaded", common.batch());
      BundleUploader uploader = new BundleUploader(client, s3.parallel(), printer);
      uploader.requireBucketHere(request);
      terminal
          .out()
          .println("Uploading bundled image parts to the S3 bucket " + location.bucket() + " ...");
      String key = uploader.upload(request);
      if (!skipManifest) {
        terminal.out().println("Manifest uploaded to: " + location.bucket() + "/" + key);
      }
      terminal.out().println("Bundle upload completed.");
      terminal.json(
          json -> {
            json.writeStringField("bucket", location.bucket());
            json.writeStringField("manifest", skipManifest ? null : key);
            printer.writeTotals(json);
          });
    }
    return ExitCodes.OK;
  }
}
