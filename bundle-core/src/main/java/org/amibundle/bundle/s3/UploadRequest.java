package org.amibundle.bundle.s3;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * What to upload: the parts listed in a local manifest, from {@code partsDirectory}, then the
 * manifest itself, unchanged, to {@code location}.
 *
 * @param acl canned ACL for every object, e.g. {@code aws-exec-read} (the reference's default,
 *     which lets EC2 read the bundle) or {@code public-read}; empty to send none (buckets with ACLs
 *     disabled)
 * @param firstPart parts with a lower index are not uploaded (the reference's {@code --part})
 * @param skipManifest do not upload the manifest
 * @param bucketLocation where the bucket must be ({@code EU}, {@code US} or a region): a missing
 *     bucket is created there, an existing one elsewhere is refused; empty to take the bucket where
 *     it is, or create it in the default location
 */
public record UploadRequest(
    Path manifestFile,
    Path partsDirectory,
    S3Location location,
    Optional<String> acl,
    int firstPart,
    boolean skipManifest,
    Optional<String> bucketLocation) {

  /** The reference tools' default canned ACL. */
  public static final String DEFAULT_ACL = "aws-exec-read";

  public UploadRequest {
    Objects.requireNonNull(manifestFile, "manifestFile");
    Objects.requireNonNull(partsDirectory, "partsDirectory");
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(acl, "acl");
    Objects.requireNonNull(bucketLocation, "bucketLocation");
    if (firstPart < 0) {
      throw new IllegalArgumentException("the first part to upload must be >= 0, got " + firstPart);
    }
  }

  /** All parts and the manifest, next to each other, with the default ACL. */
  public static UploadRequest of(Path manifestFile, S3Location location) {
    return new UploadRequest(
        manifestFile,
        defaultPartsDirectory(manifestFile),
        location,
        Optional.of(DEFAULT_ACL),
        0,
        false,
        Optional.empty());
  }

  /**
   * Where the parts are unless told otherwise: the manifest's directory; for a root (no parent) the
   * working one, and reading the manifest then says what is wrong with it.
   */
  public static Path defaultPartsDirectory(Path manifestFile) {
    return manifestFile.toAbsolutePath().resolveSibling("");
  }
}
