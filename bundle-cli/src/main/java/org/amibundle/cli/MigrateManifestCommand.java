package org.amibundle.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.amibundle.BadInputException;
import org.amibundle.UsageException;
import org.amibundle.bundle.IdMapping;
import org.amibundle.bundle.ManifestMigrator;
import org.amibundle.bundle.MigrationRequest;
import org.amibundle.bundle.MigrationResult;
import org.amibundle.cli.options.CommonOptions;
import org.amibundle.manifest.keys.PemFiles;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code migrate-manifest} / ec2-migrate-manifest: makes a manifest fit for another region — the
 * AES key re-encrypted for that region's EC2 certificate, kernel and ramdisk ids mapped from a
 * file or given, signed again — keeping the original as {@code <manifest>.bak}.
 */
@Command(
    name = "migrate-manifest",
    description =
        "Make a bundle's manifest fit for another region: key re-encrypted for its EC2"
            + " certificate, kernel/ramdisk ids mapped, signed again.")
final class MigrateManifestCommand implements Callable<Integer> {


  private final Terminal terminal;

  @Mixin CommonOptions common;

  @Option(names = {"-c", "--cert"}, required = true, paramLabel = "PATH",
      description = "Your certificate: the manifest's signature must verify with it.")
  Path cert;

  @Option(names = {"-k", "--privatekey"}, required = true, paramLabel = "PATH",
      description = "Your private key: opens your copy of the bundle key and signs the result.")
  Path privateKey;

  @Option(names = {"-m", "--manifest"}, required = true, paramLabel = "PATH",
      description = "The manifest, rewritten in place; PATH.bak must not exist.")
  Path manifest;

  @Option(names = "--ec2cert", required = true, paramLabel = "PATH",
      description = "The target region's EC2 certificate; the bundle key is encrypted anew for it.")
  Path ec2cert;

  @ArgGroup(exclusive = true)
  Mapping mapping;

  static final class Mapping {
    @Option(names = "--mapping-file", paramLabel = "FILE",
        description = "Map kernel/ramdisk ids with the region,source-id,target-id lines of FILE.")
    Path file;

    @Option(names = "--no-mapping", description = "Keep the kernel and ramdisk ids (unless given).")
    boolean none;
  }

  @Option(names = "--region", paramLabel = "REGION",
      description = "The target region: selects the lines of --mapping-file.")
  String region;

  @Option(names = "--kernel", paramLabel = "ID", description = "The new kernel id (overrides the mapping).")
  String kernel;

  @Option(names = "--ramdisk", paramLabel = "ID", description = "The new ramdisk id (overrides the mapping).")
  String ramdisk;

  @Option(names = {"-a", "--access-key"}, paramLabel = "KEY_ID", hidden = true,
      description = "Accepted for compatibility; no EC2 API is called.")
  String accessKey;

  @Option(names = {"-s", "--secret-key"}, paramLabel = "SECRET", hidden = true,
      description = "Accepted for compatibility; no EC2 API is called.")
  String secretKey;

  MigrateManifestCommand(Terminal terminal) {
    this.terminal = terminal;
  }

  @Override
  public Integer call() throws Exception {
    if (common.manual()) {
      return Manual.print(terminal, "migrate-manifest");
    }
    if (accessKey != null || secretKey != null) {
      terminal.warn("-a/-s are ignored: ids are mapped with --mapping-file, not the EC2 API.");
    }
    List<String> unmapped = new ArrayList<>();
    IdMapping ids = idMapping();
    IdMapping recording =
        id -> {
          Optional<String> target = ids.target(id);
          if (target.isEmpty()) {
            unmapped.add(id);
          }
          return target;
        };
    MigrationRequest request =
        new MigrationRequest(
            manifest,
            PemFiles.readCertificate(cert).getPublicKey(),
            PemFiles.readPrivateKey(privateKey),
            PemFiles.readCertificate(ec2cert).getPublicKey(),
            recording,
            Optional.ofNullable(kernel),
            Optional.ofNullable(ramdisk));
    if (Files.exists(request.backup())) {
      // ec2-migrate-manifest exits 2 here; the library reports it as a UsageException.
      terminal
          .err()
          .println(
              "ERROR: backup file " + request.backup() + " already exists: move it away and run again");
      return ExitCodes.NOT_FOUND;
    }
    MigrationResult result;
    try {
      terminal.out().println("Backing up manifest...");
      result = new ManifestMigrator().migrate(request);
    } catch (BadInputException e) {
      if (unmapped.isEmpty()) {
        throw e;
      }
      terminal.err().println("ERROR: " + e.getMessage());
      if (mapping == null) {
        terminal.err().println(
            "amibundle does not ask the EC2 API for mappings: pass --mapping-file FILE --region R,"
                + " --kernel/--ramdisk, or --no-mapping.");
      }
      return ExitCodes.MAPPING_NOT_FOUND;
    }
    terminal.out().println("Kept the original as " + result.backup());
    terminal.out().println("Bundle key re-encrypted for " + ec2cert + "; manifest signed again.");
    terminal.out().println("Successfully migrated " + result.manifest());
    if (region != null) {
      terminal.out().println("It is now suitable for use in " + region + ".");
    }
    return ExitCodes.OK;
  }

  private IdMapping idMapping() throws Exception {
    if (mapping == null) {
      return IdMapping.none();
    }
    if (mapping.none) {
      return IdMapping.keep();
    }
    if (region == null) {
      throw new UsageException("--mapping-file needs --region: the target region of the mapping");
    }
    return IdMapping.fromCsv(mapping.file, region);
  }
}
