package org.amibundle.bundle.s3;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * How to reach S3: credentials, else those of a named profile of the AWS configuration files, else
 * the AWS SDK's default chain (environment, {@code AWS_PROFILE} or the default profile with its
 * {@code credential_process}, SSO or assumed role, web identity, container and instance roles);
 * region, an optional endpoint (any S3-compatible server), path-style addressing, attempts per
 * request and how many transfers run at once.
 */
public record S3Settings(
    Optional<S3Credentials> credentials,
    Optional<String> profile,
    String region,
    Optional<URI> endpoint,
    boolean pathStyle,
    int maxAttempts,
    int parallelism) {

  /** Transfers at once unless told otherwise: S3 serves many connections well. */
  public static final int DEFAULT_PARALLELISM = 8;

  /** Attempts per request unless told otherwise (the SDK's standard retry mode). */
  public static final int DEFAULT_ATTEMPTS = 3;

  public S3Settings {
    Objects.requireNonNull(credentials, "credentials");
    Objects.requireNonNull(profile, "profile");
    Objects.requireNonNull(endpoint, "endpoint");
    if (region == null || region.isEmpty()) {
      throw new IllegalArgumentException("a region is needed, e.g. us-east-1");
    }
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("attempts must be >= 1, got " + maxAttempts);
    }
    if (parallelism < 1) {
      throw new IllegalArgumentException("parallel transfers must be >= 1, got " + parallelism);
    }
  }

  /** Default settings for a region: default credential chain, AWS endpoint, 8 transfers. */
  public static S3Settings forRegion(String region) {
    return new S3Settings(
        Optional.empty(),
        Optional.empty(),
        region,
        Optional.empty(),
        false,
        DEFAULT_ATTEMPTS,
        DEFAULT_PARALLELISM);
  }

  /** These settings in {@code region}. */
  public S3Settings withRegion(String region) {
    return new S3Settings(
        credentials, profile, region, endpoint, pathStyle, maxAttempts, parallelism);
  }

  /** These settings with {@code parallelism} transfers at once. */
  public S3Settings withParallelism(int parallelism) {
    return new S3Settings(
        credentials, profile, region, endpoint, pathStyle, maxAttempts, parallelism);
  }
}
