package org.amibundle.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.amibundle.bundle.PartSource;
import org.amibundle.bundle.s3.BundleDownloader;
import org.amibundle.bundle.s3.S3Location;
import org.amibundle.cli.options.S3Options;
import org.amibundle.manifest.ManifestDocument;
import org.amibundle.manifest.ManifestReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.ArgGroupSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Where a bundle is, for commands that read one in place: {@code -s DIR} (the parts directory, as
 * in ec2-unbundle) or {@code -b BUCKET[/PREFIX]} with its S3 options; absent, the parts are beside
 * the manifest file. Use as a {@code @Mixin}: it adds the two to the command as one exclusive
 * group. The S3 options are those of {@link S3Options}, taken from its model and read into an
 * instance of it (picocli's groups take no mixins), but for {@code -s} (the secret key there, taken
 * from AWS_SECRET_ACCESS_KEY here), {@code --sigv} and {@code --parallel}; four of them say what
 * they mean here. (The bare {@code @Command} makes picocli take it as a mixin.)
 */
@Command
final class BundleSourceOptions {

  /** The options of {@link S3Options} that a bundle in S3 is read with, in this order. */
  private static final List<String> S3_OPTIONS =
      List.of(
          "--bucket",
          "--access-key",
          "--delegation-token",
          "--profile",
          "--region",
          "--url",
          "--retry",
          "--path-style");

  /** The help of those options that differs here. */
  private static final Map<String, String> DESCRIPTIONS_HERE =
      Map.of(
          "--bucket", "Verify the bundle in this bucket (and key prefix) instead of a directory.",
          "--access-key", "AWS access key ID; its secret from AWS_SECRET_ACCESS_KEY.",
          "--retry", "Try each request up to 5 times instead of 3.",
          "--path-style", "Address the bucket in the path, not the host.");

  private final S3Options s3 = new S3Options();

  private final OptionSpec source =
      OptionSpec.builder("-s", "--source")
          .paramLabel("DIR")
          .type(Path.class)
          .description("Directory holding the parts (default: the manifest's directory).")
          .build();

  /** Adds {@code -s} or the S3 options to the command this is mixed into. */
  @Spec(Spec.Target.MIXEE)
  void addTo(CommandSpec command) {
    CommandSpec s3Model = CommandSpec.forAnnotatedObject(s3);
    ArgGroupSpec.Builder inS3 =
        ArgGroupSpec.builder()
            .exclusive(false)
            .heading("Bundle in S3 (secret from AWS_SECRET_ACCESS_KEY):%n");
    for (String name : S3_OPTIONS) {
      OptionSpec.Builder option = OptionSpec.builder(s3Model.findOption(name));
      Optional.ofNullable(DESCRIPTIONS_HERE.get(name)).ifPresent(option::description);
      inS3.addArg(option.build());
    }
    command.addArgGroup(ArgGroupSpec.builder().addArg(source).addSubgroup(inS3.build()).build());
  }

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
   * object name.
   */
  Opened open(String manifest, Terminal terminal) throws IOException {
    if (s3.bucket() != null) {
      S3Location location = S3Connections.location(s3);
      S3Client client = S3Connections.client(s3, terminal);
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
    Path parts =
        Optional.<Path>ofNullable(source.getValue()).orElse(file.toAbsolutePath().getParent());
    return new Opened(ManifestReader.read(file), PartSource.directory(parts), Optional.empty());
  }
}
