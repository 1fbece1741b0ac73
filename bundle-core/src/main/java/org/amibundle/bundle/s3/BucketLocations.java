package org.amibundle.bundle.s3;

import java.util.Optional;
import org.amibundle.AmiBundleException;
import org.amibundle.BucketElsewhereException;
import org.amibundle.Setting;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.endpoints.S3EndpointProvider;
import software.amazon.awssdk.services.s3.model.CreateBucketConfiguration;
import software.amazon.awssdk.services.s3.model.GetBucketLocationResponse;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Where buckets are. S3 names a bucket's location by its location constraint, in which "no
 * constraint" and {@code US} mean us-east-1 and {@code EU} means eu-west-1; every other constraint
 * is the region's name.
 */
public final class BucketLocations {

  private static final String US_EAST_1 = "us-east-1";

  private BucketLocations() {}

  /**
   * The region a location constraint names: {@code EU} → eu-west-1, none or {@code US} → us-east-1.
   */
  public static String region(String locationConstraint) {
    if (locationConstraint == null
        || locationConstraint.isEmpty()
        || locationConstraint.equals("US")) {
      return US_EAST_1;
    }
    return locationConstraint.equals("EU") ? "eu-west-1" : locationConstraint;
  }

  /** The region of {@code bucket} (GetBucketLocation), or empty if there is no such bucket. */
  public static Optional<String> regionOf(S3Client s3, String bucket) throws AmiBundleException {
    try {
      GetBucketLocationResponse location = s3.getBucketLocation(b -> b.bucket(bucket));
      return Optional.of(region(location.locationConstraintAsString()));
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        return Optional.empty();
      }
      throw S3Errors.of("finding the location of bucket " + bucket, e);
    } catch (SdkException e) {
      throw S3Errors.of("finding the location of bucket " + bucket, e);
    }
  }

  /**
   * Why a bundle must not go to {@code bucket}, in region {@code bucketRegion}, when it was asked
   * for in {@code requested} (a location constraint or region); empty if they are the same region.
   */
  public static Optional<String> mismatch(String bucket, String bucketRegion, String requested) {
    if (region(requested).equals(bucketRegion)) {
      return Optional.empty();
    }
    return Optional.of(
        "bucket "
            + bucket
            + " is in "
            + bucketRegion
            + ", not in "
            + region(requested)
            + " as the location "
            + requested
            + " asks: choose a bucket in "
            + region(requested)
            + " or give "
            + Setting.LOCATION
            + " "
            + bucketRegion);
  }

  /** The constraint to create a bucket with for {@code requested}: none for us-east-1. */
  static Optional<String> constraintFor(String requested) {
    return region(requested).equals(US_EAST_1) ? Optional.empty() : Optional.of(requested);
  }

  /**
   * Refuses {@code bucket} when it exists in another location than {@code requested} (the
   * reference's exit 10). Nothing to refuse when no location is asked for, when the bucket does not
   * exist yet (it is created there) and when it is where it should be.
   */
  public static void requireHere(S3Client s3, String bucket, Optional<String> requested)
      throws AmiBundleException {
    if (requested.isPresent()) {
      Optional<String> region = regionOf(s3, bucket);
      if (region.isPresent()) {
        requireHere(bucket, region.get(), requested.get());
      }
    }
  }

  private static void requireHere(String bucket, String bucketRegion, String requested)
      throws BucketElsewhereException {
    Optional<String> mismatch = mismatch(bucket, bucketRegion, requested);
    if (mismatch.isPresent()) {
      throw new BucketElsewhereException(mismatch.get());
    }
  }

  /**
   * Makes sure {@code bucket} can take a bundle: creates it (in {@code requested} when given) if it
   * is missing; refuses it if it is in another location than {@code requested}.
   */
  static void ensure(S3Client s3, String bucket, Optional<String> requested)
      throws AmiBundleException {
    if (requested.isPresent()) {
      Optional<String> region = regionOf(s3, bucket);
      if (region.isPresent()) {
        requireHere(bucket, region.get(), requested.get());
        return;
      }
    } else if (exists(s3, bucket)) {
      return;
    }
    try {
      s3.createBucket(
          b -> {
            b.bucket(bucket);
            requested
                .flatMap(BucketLocations::constraintFor)
                .ifPresent(
                    location ->
                        b.createBucketConfiguration(
                                CreateBucketConfiguration.builder()
                                    .locationConstraint(location)
                                    .build())
                            .overrideConfiguration(
                                o -> o.endpointProvider(inRegion(s3, location))));
          });
    } catch (SdkException e) {
      throw S3Errors.of("creating bucket " + bucket, e);
    }
  }

  /**
   * The client's endpoints, but in the region {@code location} names: S3 creates a bucket with a
   * location constraint only from a request signed for that region (us-east-1 aside), so the
   * creation is sent there whatever the client's own region.
   */
  private static S3EndpointProvider inRegion(S3Client s3, String location) {
    S3EndpointProvider endpoints =
        s3.serviceClientConfiguration()
            .endpointProvider()
            .filter(S3EndpointProvider.class::isInstance)
            .map(S3EndpointProvider.class::cast)
            .orElseGet(S3EndpointProvider::defaultProvider);
    Region region = Region.of(region(location));
    return parameters -> endpoints.resolveEndpoint(parameters.toBuilder().region(region).build());
  }

  private static boolean exists(S3Client s3, String bucket) throws AmiBundleException {
    try {
      s3.headBucket(b -> b.bucket(bucket));
      return true;
    } catch (NoSuchBucketException e) {
      return false;
    } catch (SdkException e) {
      throw S3Errors.of("checking bucket " + bucket, e);
    }
  }
}
