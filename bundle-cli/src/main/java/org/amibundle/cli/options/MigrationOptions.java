package org.amibundle.cli.options;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.amibundle.MappingNotFoundException;
import org.amibundle.UsageException;
import org.amibundle.bundle.migrate.IdMapping;
import org.amibundle.bundle.migrate.MigrationRequest;
import org.amibundle.manifest.keys.PemFiles;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/**
 * How migrate-manifest and migrate-bundle change a manifest: the user's certificate and key, the
 * target region's EC2 certificate, and where the new kernel and ramdisk ids come from.
 */
public final class MigrationOptions {

  @Option(
      names = {"-c", "--cert"},
      required = true,
      paramLabel = "PATH",
      description = "Your certificate: the manifest's signature must verify with it.")
  Path cert;

  @Option(
      names = {"-k", "--privatekey"},
      required = true,
      paramLabel = "PATH",
      description = "Your private key: opens your copy of the bundle key and signs the result.")
  Path privateKey;

  @Option(
      names = "--ec2cert",
      required = true,
      paramLabel = "PATH",
      description = "The target region's EC2 certificate; the bundle key is encrypted anew for it.")
  Path ec2cert;

  @ArgGroup(exclusive = true)
  Mapping mapping;

  static final class Mapping {
    @Option(
        names = "--mapping-file",
        paramLabel = "FILE",
        description = "Map kernel/ramdisk ids with the region,source-id,target-id lines of FILE.")
    Path file;

    @Option(names = "--no-mapping", description = "Keep the kernel and ramdisk ids (unless given).")
    boolean none;
  }

  @Option(
      names = "--kernel",
      paramLabel = "ID",
      description = "The new kernel id (overrides the mapping).")
  String kernel;

  @Option(
      names = "--ramdisk",
      paramLabel = "ID",
      description = "The new ramdisk id (overrides the mapping).")
  String ramdisk;

  public Path ec2cert() {
    return ec2cert;
  }

  /**
   * The migration of {@code manifest} for {@code region} (which selects the lines of the mapping
   * file).
   */
  public MigrationRequest request(Path manifest, Optional<String> region) throws IOException {
    return new MigrationRequest(
        manifest,
        PemFiles.readCertificate(cert).getPublicKey(),
        PemFiles.readPrivateKey(privateKey),
        PemFiles.readCertificate(ec2cert).getPublicKey(),
        idMapping(region),
        Optional.ofNullable(kernel),
        Optional.ofNullable(ramdisk));
  }

  /**
   * {@code failure} with what to do next when no mapping was given at all: a line saying that
   * amibundle does not ask the EC2 API (the reference does).
   */
  public MappingNotFoundException explained(MappingNotFoundException failure) {
    if (mapping != null) {
      return failure;
    }
    return new MappingNotFoundException(
        failure.getMessage()
            + "\n"
            + "amibundle does not ask the EC2 API for mappings: pass --mapping-file FILE --region"
            + " R, --kernel/--ramdisk, or --no-mapping.",
        failure);
  }

  private IdMapping idMapping(Optional<String> region) throws IOException {
    if (mapping == null) {
      return IdMapping.none();
    }
    if (mapping.none) {
      return IdMapping.keep();
    }
    if (region.isEmpty()) {
      throw new UsageException("--mapping-file needs --region: the target region of the mapping");
    }
    return IdMapping.fromCsv(mapping.file, region.get());
  }
}
