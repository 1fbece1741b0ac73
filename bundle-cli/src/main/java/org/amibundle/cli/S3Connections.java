package org.amibundle.cli;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;
import org.amibundle.AmiBundleException;
import org.amibundle.ConfigurationException;
import org.amibundle.UsageException;
import org.amibundle.bundle.s3.BucketLocations;
import org.amibundle.bundle.s3.S3Clients;
import org.amibundle.bundle.s3.S3Credentials;
import org.amibundle.bundle.s3.S3Location;
import org.amibundle.bundle.s3.S3Settings;
import org.amibundle.cli.options.S3Options;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * Turns the S3 options and the AWS environment into a client: credentials, region, endpoint,
 * addressing, retries. The rules, first match wins:
 *
 * <ul>
 *   <li>credentials: {@code --access-key} (its secret from {@code --secret-key} or
 *       AWS_SECRET_ACCESS_KEY), else {@code --profile}, else the AWS SDK's default chain
 *       (environment, AWS_PROFILE or the default profile with its credential_process, SSO or
 *       assumed role, web identity, container and instance roles);
 *   <li>region: {@code --region}, AWS_REGION, AWS_DEFAULT_REGION, the profile's region, us-east-1
 *       for an endpoint of its own, else the bucket's own location;
 *   <li>endpoint: {@code --url}/{@code --endpoint-url}, AWS_ENDPOINT_URL_S3, AWS_ENDPOINT_URL, else
 *       AWS's for the region.
 * </ul>
 */
final class S3Connections {

  private static final int RETRY_ATTEMPTS = 5;
  private static final String US_EAST_1 = "us-east-1";

  private S3Connections() {}

  /**
   * The settings of a command and their credentials, resolved once: every client of the command is
   * made with {@link S3Clients#create(S3Settings, AwsCredentialsProvider)} from these two, and
   * closing the client closes the credentials.
   */
  record Resolved(S3Settings settings, AwsCredentialsProvider credentials) {}

  static S3Client client(S3Options options, Terminal terminal) throws AmiBundleException {
    Resolved resolved = resolve(options, terminal);
    return S3Clients.create(resolved.settings(), resolved.credentials());
  }

  static S3Location location(S3Options options) {
    return S3Location.parse(options.bucket());
  }

  static Resolved resolve(S3Options options, Terminal terminal) throws AmiBundleException {
    Optional<S3Credentials> credentials = credentials(options, terminal);
    if (credentials.isPresent() && options.profile().isPresent()) {
      throw new UsageException("give either --access-key or --profile, not both");
    }
    if (options.signatureVersion().filter("2"::equals).isPresent()) {
      terminal.warn("S3 signature version 2 is retired; requests are signed with SigV4.");
    }
    Optional<URI> endpoint = endpoint(options, terminal);
    String bucket = location(options).bucket();
    boolean pathStyle =
        options.pathStyle()
            || !bucket.matches("[a-z0-9][a-z0-9-]{1,61}[a-z0-9]")
            || endpoint.map(URI::getHost).filter(S3Connections::isLocalOrAddress).isPresent();
    Optional<String> region = configuredRegion(options, terminal);
    region.ifPresent(S3Connections::forCredentialServices);
    S3Settings settings =
        new S3Settings(
            credentials,
            options.profile(),
            region.orElse(US_EAST_1),
            endpoint,
            pathStyle,
            options.retry() ? RETRY_ATTEMPTS : S3Settings.DEFAULT_ATTEMPTS,
            options.parallel());
    AwsCredentialsProvider provider = S3Clients.credentials(settings);
    if (region.isPresent() || endpoint.isPresent()) {
      return new Resolved(settings, provider);
    }
    try {
      return new Resolved(inBucketRegion(settings, provider, bucket), provider);
    } catch (AmiBundleException | RuntimeException e) {
      if (provider instanceof SdkAutoCloseable closeable) {
        closeable.close();
      }
      throw e;
    }
  }

  /**
   * Makes {@code region} the one the SDK's credential providers ask STS in (web identity, assumed
   * roles without a region of their own): left to itself the SDK reads AWS_REGION and the profile,
   * but not AWS_DEFAULT_REGION or {@code --region}. Its system property is the only way in: those
   * providers build their STS clients themselves.
   */
  private static void forCredentialServices(String region) {
    System.setProperty("aws.region", region);
  }

  /** The region named by an option, the environment or the profile, if any. */
  private static Optional<String> configuredRegion(S3Options options, Terminal terminal) {
    return options
        .region()
        .or(() -> terminal.env("AWS_REGION"))
        .or(() -> terminal.env("AWS_DEFAULT_REGION"))
        .or(() -> profileRegion(options, terminal))
        .filter(region -> !region.isBlank());
  }

  /** The region of the profile in use, from the AWS configuration file. */
  private static Optional<String> profileRegion(S3Options options, Terminal terminal) {
    String profile = options.profile().or(() -> terminal.env("AWS_PROFILE")).orElse("default");
    Optional<Path> config =
        terminal
            .env("AWS_CONFIG_FILE")
            .map(Path::of)
            .or(() -> terminal.env("HOME").map(home -> Path.of(home, ".aws", "config")))
            .filter(Files::isRegularFile);
    if (config.isEmpty()) {
      return Optional.empty();
    }
    try {
      return ProfileFile.builder()
          .content(config.get())
          .type(ProfileFile.Type.CONFIGURATION)
          .build()
          .profile(profile)
          .flatMap(p -> p.property("region"));
    } catch (RuntimeException e) {
      // An unreadable configuration file gives no region; the credential lookup reports it.
      return Optional.empty();
    }
  }

  /**
   * {@code settings} in the bucket's own region, asked of S3 (us-east-1 answers for every bucket);
   * us-east-1 when the bucket does not exist yet or its location may not be read. The question is
   * signed with {@code credentials}, which its client borrows (a view it cannot close), so that the
   * command's client signs with them again without resolving them twice.
   */
  private static S3Settings inBucketRegion(
      S3Settings settings, AwsCredentialsProvider credentials, String bucket)
      throws AmiBundleException {
    Optional<String> region;
    AwsCredentialsProvider borrowed = credentials::resolveCredentials;
    try (S3Client s3 = S3Clients.create(settings.withParallelism(1), borrowed)) {
      region = BucketLocations.regionOf(s3, bucket);
    } catch (AmiBundleException e) {
      if (e instanceof ConfigurationException) {
        throw e;
      }
      region = Optional.empty();
    }
    return region
        .filter(r -> !r.equals(settings.region()))
        .map(settings::withRegion)
        .orElse(settings);
  }

  private static Optional<URI> endpoint(S3Options options, Terminal terminal) {
    boolean ignoreEnvironment =
        terminal
            .env("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS")
            .filter("true"::equalsIgnoreCase)
            .isPresent();
    Optional<URI> fromEnvironment =
        ignoreEnvironment
            ? Optional.empty()
            : Stream.of("AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL")
                .flatMap(name -> terminal.env(name).filter(url -> !url.isBlank()).stream())
                .findFirst()
                .map(URI::create);
    return options.url().or(() -> fromEnvironment).map(S3Connections::withScheme);
  }

  private static Optional<S3Credentials> credentials(S3Options options, Terminal terminal)
      throws UsageException {
    if (options.secretKey().isPresent()) {
      terminal.warn(
          "a secret key on the command line (--secret-key) can be read by other users of this"
              + " machine in the process list: set AWS_SECRET_ACCESS_KEY or use a profile"
              + " (--profile) instead.");
    }
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
                        "--access-key needs its secret: set AWS_SECRET_ACCESS_KEY (or give"
                            + " --secret-key)"));
    return Optional.of(
        new S3Credentials(options.accessKey().get(), secret, options.sessionToken()));
  }

  private static URI withScheme(URI url) {
    return url.getScheme() == null ? URI.create("https://" + url) : url;
  }

  private static boolean isLocalOrAddress(String host) {
    return host.equals("localhost") || host.matches("[0-9.]+") || host.startsWith("[");
  }
}
