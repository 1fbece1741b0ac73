package org.amibundle.cli;

import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.amibundle.AmiBundleException;
import org.amibundle.bundle.BundleFileNames;
import org.amibundle.bundle.BundleRequest;
import org.amibundle.bundle.Bundler;
import org.amibundle.bundle.PartStore;
import org.amibundle.bundle.s3.BucketLocations;
import org.amibundle.bundle.s3.S3Clients;
import org.amibundle.bundle.s3.S3Location;
import org.amibundle.bundle.s3.S3PartStore;
import org.amibundle.bundle.s3.S3Settings;
import org.amibundle.bundle.s3.StreamedUpload;
import org.amibundle.cli.options.BundleOptions;
import org.amibundle.cli.options.CommonOptions;
import org.amibundle.cli.options.ImageInputOptions;
import org.amibundle.cli.options.S3Options;
import org.amibundle.cli.options.UploadTargetOptions;
import org.amibundle.manifest.Manifest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code bundle-and-upload} (euca-bundle-and-upload-image): bundles an image straight into S3, each
 * part uploaded as soon as it is cut, a bounded number pending, the manifest last.
 */
@Command(
    name = "bundle-and-upload",
    description = {
      "Bundle an image straight into S3: parts uploaded as they are made, manifest last.",
      "",
      "--json prints {manifest (bucket/key), image_size, bundled_size, digest (SHA-1 of the image's"
          + " tar stream), parts, seconds, objects, bytes (moved), skipped_objects, skipped_bytes"
          + " (already there)}."
    })
final class BundleAndUploadCommand implements Callable<Integer> {

  private final Terminal terminal;

  @Mixin CommonOptions common;

  @Mixin BundleOptions bundle;

  @Mixin ImageInputOptions input;

  @Mixin S3Options s3;

  @Mixin UploadTargetOptions target;

  @Option(
      names = "--max-pending-parts",
      paramLabel = "N",
      description =
          "Parts waiting for or in upload at once; bundling waits while N are pending, so memory"
              + " holds N + 1 parts (default: --parallel).")
  Integer maxPendingParts;

  @Option(
      names = "--preserve-bundle",
      description = "Also keep the bundle in the --destination directory.")
  boolean preserveBundle;

  BundleAndUploadCommand(Terminal terminal) {
    this.terminal = terminal;
  }

  @Override
  public Integer call() throws Exception {
    if (common.manual()) {
      return Manual.print(terminal, common.command());
    }
    BundleRequest request = BundleRequests.request(bundle, input, common, terminal);
    S3Location location = S3Connections.location(s3);
    S3Connections.Resolved resolved = S3Connections.resolve(s3, terminal);
    S3Settings settings = resolved.settings();
    StreamedUpload upload =
        new StreamedUpload(
            location,
            target.acl(),
            target.bucketLocation(settings.region()),
            Optional.ofNullable(maxPendingParts).orElse(s3.parallel()));
    // A connection for every pending part.
    try (S3Client client =
        S3Clients.create(
            settings.withParallelism(upload.maxPendingParts()), resolved.credentials())) {
      BucketLocations.requireHere(client, location.bucket(), upload.bucketLocation());
      terminal
          .out()
          .println(
              "Bundling image file "
                  + input.image()
                  + " into the S3 bucket "
                  + location.bucket()
                  + " ...");
      TransferPrinter printer = new TransferPrinter(terminal, "Uploaded", common.batch());
      long start = System.nanoTime();
      Manifest manifest = bundle(request, client, upload, printer);
      double seconds = (System.nanoTime() - start) / 1e9;
      BundleRequests.warnIfTooLarge(manifest, bundle, terminal);
      String key = location.bucket() + "/" + location.key(BundleFileNames.manifest(request.name()));
      terminal.out().println("Manifest uploaded to: " + key);
      if (preserveBundle) {
        terminal.out().println("Bundle kept in " + bundle.destination());
      }
      terminal.out().println("Bundle upload completed.");
      terminal.json(
          json -> {
            json.writeStringField("manifest", key);
            json.writeNumberField("image_size", manifest.image().size());
            json.writeNumberField("bundled_size", manifest.image().bundledSize());
            json.writeStringField("digest", manifest.image().digest().hex());
            json.writeNumberField("parts", manifest.image().parts().size());
            json.writeNumberField("seconds", seconds);
            printer.writeTotals(json);
          });
    }
    return ExitCodes.OK;
  }

  private Manifest bundle(
      BundleRequest request, S3Client client, StreamedUpload upload, TransferPrinter printer)
      throws IOException {
    try (S3PartStore uploads = S3PartStore.open(client, upload, printer)) {
      PartStore store =
          preserveBundle
              ? PartStore.both(PartStore.directory(bundle.destination(), request.name()), uploads)
              : uploads;
      try (store) {
        return new Bundler().bundle(request, store);
      }
    } catch (AmiBundleException e) {
      // What closing the stores could not clean up (parts left in S3) comes with the failure.
      for (Throwable suppressed : e.getSuppressed()) {
        if (suppressed instanceof AmiBundleException cleanup) {
          terminal.warn(cleanup.getMessage());
        }
      }
      throw e;
    }
  }
}
