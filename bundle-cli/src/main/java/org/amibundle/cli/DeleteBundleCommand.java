package org.amibundle.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.amibundle.bundle.s3.BundleDeleter;
import org.amibundle.bundle.s3.S3Location;
import org.amibundle.bundle.s3.TransferListener;
import org.amibundle.cli.options.CommonOptions;
import org.amibundle.cli.options.S3Options;
import org.amibundle.manifest.ManifestReader;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.s3.S3Client;

/** {@code delete-bundle} / ec2-delete-bundle: a bundle's objects, and only those. */
@Command(
    name = "delete-bundle",
    description = {
      "Delete a bundle's objects from S3.",
      "",
      "--json prints {bucket, keys (found to delete), deleted, bucket_deleted,"
          + " objects, bytes (0: deletes move none), skipped_objects, skipped_bytes}."
    })
final class DeleteBundleCommand implements Callable<Integer> {

  private final Terminal terminal;

  @Mixin CommonOptions common;

  @Mixin S3Options s3;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Which which;

  static final class Which {
    @Option(
        names = {"-m", "--manifest"},
        paramLabel = "PATH",
        description = "Local manifest listing the parts to delete.")
    Path manifest;

    @Option(
        names = {"-p", "--prefix"},
        paramLabel = "NAME",
        description = "Delete NAME.part.N and NAME.manifest.xml found by listing the bucket.")
    String prefix;
  }

  @Option(names = "--clear", description = "Delete the bucket afterwards if it is empty.")
  boolean clear;

  @Option(
      names = {"-y", "--yes"},
      description = "Do not ask before deleting.")
  boolean yes;

  DeleteBundleCommand(Terminal terminal) {
    this.terminal = terminal;
  }

  @Override
  public Integer call() throws Exception {
    if (common.manual()) {
      return Manual.print(terminal, common.command());
    }
    S3Location location = S3Connections.location(s3);
    try (S3Client client = S3Connections.client(s3, terminal)) {
      TransferPrinter printer = new TransferPrinter(terminal, "Deleted", common.batch());
      BundleDeleter deleter = new BundleDeleter(client, s3.parallel(), printer);
      List<String> keys =
          which.manifest != null
              ? BundleDeleter.keysOf(
                  ManifestReader.read(which.manifest).manifest(),
                  location,
                  which.manifest.getFileName().toString())
              : deleter.find(location, which.prefix);
      if (keys.isEmpty()) {
        terminal.out().println("No files to delete.");
      } else {
        terminal.out().println("Deleting files:");
        keys.forEach(
            key -> terminal.out().println("   - " + key.substring(location.prefix().length())));
        if (!yes && !terminal.confirm("", common.batch())) {
          terminal.out().println("Nothing deleted.");
          terminal.json(json -> json(json, location, keys, false, false, printer));
          return ExitCodes.OK;
        }
        deleter.delete(location.bucket(), keys);
      }
      if (clear) {
        terminal.out().println("Attempting to delete bucket " + location.bucket() + "...");
        new BundleDeleter(client, 1, TransferListener.NONE).deleteBucket(location.bucket());
      }
      terminal.json(json -> json(json, location, keys, !keys.isEmpty(), clear, printer));
    }
    terminal.out().println(ToolName.current() + " complete.");
    return ExitCodes.OK;
  }

  private static void json(
      JsonGenerator json,
      S3Location location,
      List<String> keys,
      boolean deleted,
      boolean bucketDeleted,
      TransferPrinter printer)
      throws IOException {
    json.writeStringField("bucket", location.bucket());
    json.writeArrayFieldStart("keys");
    for (String key : keys) {
      json.writeString(key);
    }
    json.writeEndArray();
    json.writeBooleanField("deleted", deleted);
    json.writeBooleanField("bucket_deleted", bucketDeleted);
    printer.writeTotals(json);
  }
}
