package org.amibundle.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.amibundle.MappingNotFoundException;
import org.amibundle.bundle.s3.BucketLocations;
import org.amibundle.bundle.s3.BundleMigrationRequest;
import org.amibundle.bundle.s3.BundleMigrator;
import org.amibundle.bundle.s3.S3Clients;
import org.amibundle.bundle.s3.S3Location;
import org.amibundle.bundle.s3.S3Settings;
import org.amibundle.cli.options.CommonOptions;
import org.amibundle.cli.options.MigrationOptions;
import org.amibundle.cli.options.S3Options;
import org.amibundle.cli.options.UploadTargetOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code migrate-bundle} / ec2-migrate-bundle: copies a bundle in S3 to another bucket or region,
 * server-side, with its manifest migrated as migrate-manifest does; the source is only read.
 */
@Command(
    name = "migrate-bundle",
    header = {
      "NOTE: ec2-migrate-bundle is deprecated, as in the reference tools: EC2 copies registered"
          + " AMIs between regions itself (aws ec2 copy-image). Use this to move a bundle that is"
          + " not registered.",
      ""
    },
    description = {
      "Copy a bundle in S3 to another bucket or region (server-side, resumable) with its"
          + " manifest migrated: key re-encrypted for the target EC2 certificate, kernel/ramdisk"
          + " ids mapped, signed again, uploaded last.",
      "",
      "--json prints {manifest (bucket/key of the new manifest), region, objects, bytes (moved),"
          + " skipped_objects, skipped_bytes (already there)}."
    })
final class MigrateBundleCommand implements Callable<Integer> {

  private final Terminal terminal;

  @Mixin CommonOptions common;

  @Mixin S3Options s3;

  @Mixin MigrationOptions migration;

  @Option(
      names = {"-m", "--manifest"},
      required = true,
      paramLabel = "NAME",
      description = "The manifest's object name under the source prefix, NAME.manifest.xml.")
  String manifestName;

  @Option(
      names = {"-d", "--destination-bucket"},
      required = true,
      paramLabel = "BUCKET[/PREFIX]",
      description = "Where the bundle goes; the bucket is created if missing.")
  String destination;

  @Mixin UploadTargetOptions target;

  MigrateBundleCommand(Terminal terminal) {
    this.terminal = terminal;
  }

  @Override
  public Integer call() throws Exception {
    if (common.manual()) {
      return Manual.print(terminal, common.command());
    }
    S3Connections.Resolved resolved = S3Connections.resolve(s3, terminal);
    S3Settings settings = resolved.settings();
    Optional<String> bucketLocation = target.bucketLocation(settings.region());
    String region = bucketLocation.map(BucketLocations::region).orElse(settings.region());
    Path workDirectory = workDirectory();
    try (S3Client client = S3Clients.create(settings, resolved.credentials())) {
      BundleMigrationRequest request =
          new BundleMigrationRequest(
              S3Connections.location(s3),
              manifestName,
              S3Location.parse(destination),
              target.acl(),
              bucketLocation,
              migration.request(workDirectory.resolve(manifestName), Optional.of(region)));
      TransferPrinter printer = new TransferPrinter(terminal, "Copied", common.batch());
      BundleMigrator migrator = new BundleMigrator(client, s3.parallel(), printer);
      migrator.requireBucketHere(request);
      try {
        migrator.migrate(request);
      } catch (MappingNotFoundException e) {
        throw migration.explained(e);
      }
      String key = request.destination().bucket() + "/" + request.destinationKey();
      terminal.out().println("Your new bundle is in S3 at " + key);
      terminal
          .out()
          .println(
              "Register it in "
                  + region
                  + " to use it, e.g. aws ec2 register-image --region "
                  + region
                  + " --image-location "
                  + key
                  + " --name NAME");
      terminal.json(
          json -> {
            json.writeStringField("manifest", key);
            json.writeStringField("region", region);
            printer.writeTotals(json);
          });
    } finally {
      deleteTree(workDirectory);
    }
    return ExitCodes.OK;
  }

  /** A new private directory for the manifest's working copy, in TMPDIR if set. */
  private Path workDirectory() throws IOException {
    Optional<Path> tmp = terminal.env("TMPDIR").map(Path::of);
    return tmp.isPresent()
        ? Files.createTempDirectory(tmp.get(), "amibundle-migration-")
        : Files.createTempDirectory("amibundle-migration-");
  }

  private static void deleteTree(Path directory) throws IOException {
    try (Stream<Path> files = Files.walk(directory)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(file);
      }
    }
  }
}
