package org.amibundle.cli.options;

import java.net.URI;
import java.util.Optional;
import org.amibundle.bundle.s3.S3Settings;
import picocli.CommandLine.Option;

/** Options every S3 command takes, plus profile, parallelism and addressing. */
public final class S3Options {

  @Option(
      names = {"-b", "--bucket"},
      required = true,
      paramLabel = "BUCKET[/PREFIX]",
      description = "Bucket, and optionally a key prefix for the bundle's objects.")
  String bucket;

  @Option(
      names = {"-a", "--access-key"},
      paramLabel = "KEY_ID",
      description = "AWS access key ID (default: environment, profile or instance role).")
  String accessKey;

  @Option(
      names = {"-s", "--secret-key"},
      paramLabel = "SECRET",
      description =
          "AWS secret key. Visible to other users in the process list: prefer AWS_SECRET_ACCESS_KEY"
              + " or a profile.")
  String secretKey;

  @Option(
      names = {"-t", "--delegation-token"},
      paramLabel = "TOKEN",
      description = "Session token of temporary credentials.")
  String sessionToken;

  @Option(
      names = "--profile",
      paramLabel = "NAME",
      description =
          "Profile of ~/.aws/config and ~/.aws/credentials to take credentials and region from"
              + " (default: AWS_PROFILE, else the default chain).")
  String profile;

  @Option(
      names = "--region",
      paramLabel = "REGION",
      description =
          "S3 region (default: AWS_REGION, AWS_DEFAULT_REGION, the profile's region, else the"
              + " bucket's own).")
  String region;

  @Option(
      names = {"--url", "--endpoint-url"},
      paramLabel = "URL",
      description =
          "S3 endpoint, e.g. of an S3-compatible server (default: AWS_ENDPOINT_URL_S3,"
              + " AWS_ENDPOINT_URL, else AWS's for the region).")
  URI url;

  @Option(
      names = "--sigv",
      paramLabel = "2|4",
      description = "Accepted for compatibility; requests are always signed with SigV4.")
  String signatureVersion;

  @Option(
      names = "--retry",
      description = "Try each request up to 5 times instead of 3, backing off between tries.")
  boolean retry;

  @Option(
      names = "--parallel",
      paramLabel = "N",
      description = "Objects transferred at once (default: ${DEFAULT-VALUE}).")
  int parallel = S3Settings.DEFAULT_PARALLELISM;

  @Option(
      names = "--path-style",
      description =
          "Address the bucket in the path, not the host name (some S3-compatible servers).")
  boolean pathStyle;

  public String bucket() {
    return bucket;
  }

  public Optional<String> accessKey() {
    return Optional.ofNullable(accessKey);
  }

  public Optional<String> secretKey() {
    return Optional.ofNullable(secretKey);
  }

  public Optional<String> sessionToken() {
    return Optional.ofNullable(sessionToken);
  }

  public Optional<String> profile() {
    return Optional.ofNullable(profile);
  }

  public Optional<String> region() {
    return Optional.ofNullable(region);
  }

  public Optional<URI> url() {
    return Optional.ofNullable(url);
  }

  public Optional<String> signatureVersion() {
    return Optional.ofNullable(signatureVersion);
  }

  public boolean retry() {
    return retry;
  }

  public int parallel() {
    return parallel;
  }

  public boolean pathStyle() {
    return pathStyle;
  }
}
