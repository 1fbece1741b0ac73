package org.amibundle.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.amibundle.bundle.PartSource;
import org.amibundle.bundle.s3.BundleDownloader;
import org.amibundle.bundle.s3.S3Location;
import org.amibundle.cli.options.S3Options;
import org.amibundle.manifest.ManifestDocument;
import org.amibundle.manifest.ManifestReader;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Where a bundle is, for commands that read one in place: {@code -s DIR} (the parts directory, as
 * in ec2-unbundle) or {@code -b BUCKET[/PREFIX]} with its S3 options. Use as an exclusive
 * {@code @ArgGroup}; absent, the parts are beside the manifest file.
 */
final class BundleSourceOptions {

  @Option(
      names = {"-s", "--source"},
      paramLabel = "DIR",
      description = "Directory holding the parts (default: the manifest's directory).")
  Path source;

  @ArgGroup(exclusive = false, heading = "Bundle in S3 (secret from AWS_SECRET_ACCESS_KEY):%n")
  VerifyS3Options s3;

  /** A bundle opened for reading: its manifest, its parts, and the S3 client to close after. */
  record Opened(ManifestDocument manifest, PartSource parts, Optional<S3Client> client)
      implements AutoCloseable {
    @Override
    public void close() {
      client.ifPresent(S3Client::close);
    }
  }

  /**
   * Opens the bundle whose manifest is {@code manifest}: a file, or with {@code -b} the manifest's
   * object name. {@code where} may be null (no option given).
   */
  static Opened open(String manifest, BundleSourceOptions where, Terminal terminal)
      throws IOException {
    if (where != null && where.s3 != null) {
      S3Options options = where.s3.asS3Options();
      S3Location location = S3Connections.location(options);
      S3Client client = S3Connections.client(options, terminal);
      try {
        return new Opened(
            ManifestReader.read(BundleDownloader.manifest(client, location, manifest)),
            PartSource.fetched(BundleDownloader.partFetcher(client, location)),
            Optional.of(client));
      } catch (IOException | RuntimeException e) {
        client.close();
        throw e;
      }
    }
    Path file = Path.of(manifest);
    Path parts = where != null && where.source != null ? where.source : file.toAbsolutePath().getParent();
    return new Opened(ManifestReader.read(file), PartSource.directory(parts), Optional.empty());
  }
}
