package org.amibundle.bundle.s3;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;

/** Builds the S3 client for {@link S3Settings}. */
public final class S3Clients {

  private S3Clients() {}

  public static S3Client create(S3Settings settings) {
    RetryStrategy retries =
        AwsRetryStrategy.standardRetryStrategy().toBuilder()
            .maxAttempts(settings.maxAttempts())
            .build();
    var builder =
        S3Client.builder()
            .region(Region.of(settings.region()))
            .credentialsProvider(credentials(settings))
            // Checksums only where S3 requires them, so that other S3-compatible servers work;
            // every part carries Content-MD5 and is checked against its SHA-1 anyway.
            .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
            .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
            .serviceConfiguration(
                S3Configuration.builder().pathStyleAccessEnabled(settings.pathStyle()).build())
            .overrideConfiguration(o -> o.retryStrategy(retries))
            .httpClientBuilder(
                ApacheHttpClient.builder().maxConnections(settings.parallelism() + 2));
    settings.endpoint().ifPresent(builder::endpointOverride);
    return builder.build();
  }

  private static AwsCredentialsProvider credentials(S3Settings settings) {
    if (settings.credentials().isEmpty()) {
      return DefaultCredentialsProvider.builder().build();
    }
    S3Credentials given = settings.credentials().get();
    return StaticCredentialsProvider.create(
        given.sessionToken().isPresent()
            ? AwsSessionCredentials.create(
                given.accessKeyId(), given.secretAccessKey(), given.sessionToken().get())
            : AwsBasicCredentials.create(given.accessKeyId(), given.secretAccessKey()));
  }
}
