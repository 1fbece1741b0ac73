package org.amibundle.bundle.s3;

import java.util.Objects;
import java.util.Optional;

/**
 * Where and how an {@link S3PartStore} uploads a bundle as it is made.
 *
 * @param location bucket and key prefix
 * @param acl canned ACL for every object ({@link UploadRequest#DEFAULT_ACL} lets EC2 read the
 *     bundle); empty to send none (buckets with ACLs disabled)
 * @param bucketLocation where the bucket must be ({@code EU}, {@code US} or a region): a missing
 *     bucket is created there, an existing one elsewhere is refused; empty to take the bucket where
 *     it is, or create it in the default location
 * @param maxPendingParts parts waiting for or in upload at once; the bundling pipeline waits when
 *     this many are pending, so memory holds at most this many parts plus the one being cut
 */
public record StreamedUpload(
    S3Location location,
    Optional<String> acl,
    Optional<String> bucketLocation,
    int maxPendingParts) {

  public StreamedUpload {
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(acl, "acl");
    Objects.requireNonNull(bucketLocation, "bucketLocation");
    if (maxPendingParts < 1) {
      throw new IllegalArgumentException("pending parts must be >= 1, got " + maxPendingParts);
    }
  }
}
