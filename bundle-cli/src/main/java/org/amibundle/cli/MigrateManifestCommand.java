package org.amibundle.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.amibundle.MappingNotFoundException;
import org.amibundle.bundle.migrate.ManifestMigrator;
import org.amibundle.bundle.migrate.MigrationRequest;
import org.amibundle.bundle.migrate.MigrationResult;
import org.amibundle.cli.options.CommonOptions;
import org.amibundle.cli.options.MigrationOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code migrate-manifest} / ec2-migrate-manifest: makes a manifest fit for another region — the
 * AES key re-encrypted for that region's EC2 certificate, kernel and ramdisk ids mapped from a file
 * or given, signed again — keeping the original as {@code <manifest>.bak}.
 */
@Command(
    name = "migrate-manifest",
    description = {
      "Make a bundle's manifest fit for another region: key re-encrypted for its EC2"
          + " certificate, kernel/ramdisk ids mapped, signed again.",
      "",
      "--json prints {manifest, backup}."
    })
final class MigrateManifestCommand implements Callable<Integer> {

  private final Terminal terminal;

  @Mixin CommonOptions common;

  @Mixin MigrationOptions migration;

  @Option(
      names = {"-m", "--manifest"},
      required = true,
      paramLabel = "PATH",
      description = "The manifest, rewritten in place; PATH.bak must not exist.")
  Path manifest;

  @Option(
      names = "--region",
      paramLabel = "REGION",
      description = "The target region: selects the lines of --mapping-file.")
  String region;

  @Option(
      names = {"-a", "--access-key"},
      paramLabel = "KEY_ID",
      hidden = true,
      description = "Accepted for compatibility; no EC2 API is called.")
  String accessKey;

  @Option(
      names = {"-s", "--secret-key"},
      paramLabel = "SECRET",
      hidden = true,
      description = "Accepted for compatibility; no EC2 API is called.")
  String secretKey;

  MigrateManifestCommand(Terminal terminal) {
    this.terminal = terminal;
  }

  @Override
  public Integer call() throws Exception {
    if (common.manual()) {
      return Manual.print(terminal, common.command());
    }
    if (accessKey != null || secretKey != null) {
      terminal.warn("-a/-s are ignored: ids are mapped with --mapping-file, not the EC2 API.");
    }
    MigrationRequest request = migration.request(manifest, Optional.ofNullable(region));
    if (Files.exists(request.backup())) {
      // ec2-migrate-manifest exits 2 here; the library reports it as a UsageException.
      terminal
          .err()
          .println(
              "ERROR: backup file "
                  + request.backup()
                  + " already exists: move it away and run again");
      return ExitCodes.NOT_FOUND;
    }
    MigrationResult result;
    try {
      terminal.out().println("Backing up manifest...");
      result = new ManifestMigrator().migrate(request);
    } catch (MappingNotFoundException e) {
      throw migration.explained(e);
    }
    terminal.out().println("Kept the original as " + result.backup());
    terminal
        .out()
        .println("Bundle key re-encrypted for " + migration.ec2cert() + "; manifest signed again.");
    terminal.out().println("Successfully migrated " + result.manifest());
    if (region != null) {
      terminal.out().println("It is now suitable for use in " + region + ".");
    }
    terminal.json(
        json -> {
          json.writeStringField("manifest", result.manifest().toString());
          json.writeStringField("backup", result.backup().toString());
        });
    return ExitCodes.OK;
  }
}
