package org.amibundle.bundle.s3;

import org.amibundle.AmiBundleException;
import org.amibundle.ConfigurationException;
import org.amibundle.RemoteRefusedException;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;

/** Builds the S3 client for {@link S3Settings}. */
public final class S3Clients {

  private S3Clients() {}

  /**
   * The client for {@code settings}, its credentials already resolved: a missing or broken
   * credential setup fails here, before any work, as a {@link ConfigurationException}.
   */
  public static S3Client create(S3Settings settings) throws AmiBundleException {
    return create(settings, credentials(settings));
  }

  /**
   * The client for {@code settings} signing with {@code credentials}, as {@link
   * #credentials(S3Settings)} gives them; closing the client closes them.
   */
  public static S3Client create(S3Settings settings, AwsCredentialsProvider credentials) {
    RetryStrategy retries =
        AwsRetryStrategy.standardRetryStrategy().toBuilder()
            .maxAttempts(settings.maxAttempts())
            .build();
    var builder =
        S3Client.builder()
            .region(Region.of(settings.region()))
            // A bucket in another region (migrate-bundle's destination, an upload's --location):
            // S3 redirects a request signed for the wrong region, and the client follows,
            // signing again for the bucket's region (which it then keeps for that bucket).
            .crossRegionAccessEnabled(true)
            .credentialsProvider(credentials)
            // Checksums only where S3 requires them, so that other S3-compatible servers work;
            // every part carries Content-MD5 and is checked against its SHA-1 anyway.
            .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
            .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
            .serviceConfiguration(
                S3Configuration.builder()
                    .pathStyleAccessEnabled(settings.pathStyle())
                    // No aws-chunked payload framing: servers that do not decode it (over plain
                    // HTTP, where the SDK would sign the payload chunk by chunk) store the
                    // framing inside the object. The whole payload is signed instead.
                    .chunkedEncodingEnabled(false)
                    .build())
            .overrideConfiguration(o -> o.retryStrategy(retries))
            .httpClientBuilder(
                ApacheHttpClient.builder().maxConnections(settings.parallelism() + 2));
    settings.endpoint().ifPresent(builder::endpointOverride);
    return builder.build();
  }

  /**
   * The credentials of {@code settings}, resolved now: a missing or broken credential setup fails
   * here as a {@link ConfigurationException}. The provider keeps what it resolved and renews
   * temporary credentials before they expire, so one provider serves several clients with one call
   * to the credential service (STS for an assumed role).
   */
  public static AwsCredentialsProvider credentials(S3Settings settings) throws AmiBundleException {
    return resolved(provider(settings), settings);
  }

  private static AwsCredentialsProvider provider(S3Settings settings) {
    if (settings.credentials().isPresent()) {
      S3Credentials given = settings.credentials().get();
      return StaticCredentialsProvider.create(
          given.sessionToken().isPresent()
              ? AwsSessionCredentials.create(
                  given.accessKeyId(), given.secretAccessKey(), given.sessionToken().get())
              : AwsBasicCredentials.create(given.accessKeyId(), given.secretAccessKey()));
    }
    // A named profile is used alone, as the AWS CLI's --profile is, even where the environment
    // holds keys; without one the SDK's chain decides (AWS_PROFILE is part of it).
    return settings
        .profile()
        .<AwsCredentialsProvider>map(
            name -> ProfileCredentialsProvider.builder().profileName(name).build())
        .orElseGet(() -> DefaultCredentialsProvider.builder().build());
  }

  /** {@code provider}, once it has given credentials (which it keeps for the client). */
  private static AwsCredentialsProvider resolved(
      AwsCredentialsProvider provider, S3Settings settings) throws AmiBundleException {
    try {
      provider.resolveCredentials();
      return provider;
    } catch (SdkServiceException e) {
      throw new RemoteRefusedException(
          "the AWS credential service refused the credentials of "
              + CredentialFailures.source(settings)
              + ": "
              + e.getMessage()
              + "; check the role and its trust policy",
          e);
    } catch (SdkException | IllegalStateException | IllegalArgumentException e) {
      throw CredentialFailures.of(settings, e);
    }
  }
}
