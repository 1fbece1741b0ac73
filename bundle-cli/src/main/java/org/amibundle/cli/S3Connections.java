package org.amibundle.cli;

import java.net.URI;
import java.util.Optional;
import org.amibundle.UsageException;
import org.amibundle.bundle.s3.BucketLocations;
import org.amibundle.bundle.s3.S3Clients;
import org.amibundle.bundle.s3.S3Credentials;
import org.amibundle.bundle.s3.S3Location;
import org.amibundle.bundle.s3.S3Settings;
import org.amibundle.cli.options.S3Options;
import software.amazon.awssdk.services.s3.S3Client;

/** Turns the S3 options into a client: credentials, endpoint, addressing, retries. */
final class S3Connections {

  private static final int RETRY_ATTEMPTS = 5;

  private S3Connections() {}

  static S3Client client(S3Options options, Terminal terminal) throws UsageException {
    return S3Clients.create(settings(options, terminal));
  }

  static S3Location location(S3Options options) {
    return S3Location.parse(options.bucket());
  }

  /**
   * Where a bucket written to must be: {@code --location}, else (as the reference does) a
   * {@code --region} other than us-east-1; empty to take the bucket where it is.
   */
  static Optional<String> bucketLocation(Optional<String> location, S3Options options) {
    return location.or(
        () ->
            Optional.of(options.region())
                .filter(region -> !BucketLocations.region(region).equals("us-east-1")));
  }

  static S3Settings settings(S3Options options, Terminal terminal) throws UsageException {
    Optional<S3Credentials> credentials = credentials(options, terminal);
    if (options.signatureVersion().filter("2"::equals).isPresent()) {
      terminal.warn("S3 signature version 2 is retired; requests are signed with SigV4.");
    }
    Optional<URI> endpoint = options.url().map(S3Connections::withScheme);
    String bucket = location(options).bucket();
    boolean pathStyle =
        options.pathStyle()
            || !bucket.matches("[a-z0-9][a-z0-9-]{1,61}[a-z0-9]")
            || endpoint.map(URI::getHost).filter(S3Connections::isLocalOrAddress).isPresent();
    return new S3Settings(
        credentials,
        options.region(),
        endpoint,
        pathStyle,
        options.retry() ? RETRY_ATTEMPTS : S3Settings.DEFAULT_ATTEMPTS,
        options.parallel());
  }

  private static Optional<S3Credentials> credentials(S3Options options, Terminal terminal)
      throws UsageException {
    if (options.accessKey().isEmpty()) {
      if (options.secretKey().isPresent()) {
        throw new UsageException("--secret-key needs --access-key");
      }
      return Optional.empty();
    }
    String secret =
        options
            .secretKey()
            .or(() -> terminal.env("AWS_SECRET_ACCESS_KEY"))
            .orElseThrow(
                () ->
                    new UsageException(
                        "--access-key needs its secret: set AWS_SECRET_ACCESS_KEY (or give --secret-key)"));
    return Optional.of(new S3Credentials(options.accessKey().get(), secret, options.sessionToken()));
  }

  private static URI withScheme(URI url) {
    return url.getScheme() == null ? URI.create("https://" + url) : url;
  }

  private static boolean isLocalOrAddress(String host) {
    return host.equals("localhost") || host.matches("[0-9.]+") || host.startsWith("[");
  }
}
