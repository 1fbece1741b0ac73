package org.amibundle.bundle.s3;

import java.util.Objects;
import java.util.Optional;
import org.amibundle.bundle.BundleFileNames;
import org.amibundle.bundle.migrate.MigrationRequest;

/**
 * What {@link BundleMigrator} does: copy the bundle whose manifest is {@code manifestName} under
 * {@code source} to {@code destination}, with its manifest migrated as {@code migration} says.
 *
 * @param source bucket and prefix of the bundle; only read
 * @param manifestName the manifest's object name under the source prefix, {@code
 *     NAME.manifest.xml}; the migrated manifest gets the same name under the destination prefix
 * @param destination bucket and prefix the bundle is copied to; not the source
 * @param acl canned ACL for every object written, e.g. {@code aws-exec-read}; empty to send none
 * @param bucketLocation where the destination bucket must be ({@code EU}, {@code US} or a region):
 *     a missing bucket is created there, an existing one elsewhere is refused; empty to take the
 *     bucket where it is, or create it in the default location
 * @param migration how the manifest changes; its {@code manifest()} is the local working copy: a
 *     file that must not exist yet, in an existing directory, where the source manifest is
 *     downloaded and migrated (the original stays beside it as {@code .bak})
 */
public record BundleMigrationRequest(
    S3Location source,
    String manifestName,
    S3Location destination,
    Optional<String> acl,
    Optional<String> bucketLocation,
    MigrationRequest migration) {

  public BundleMigrationRequest {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(manifestName, "manifestName");
    Objects.requireNonNull(destination, "destination");
    Objects.requireNonNull(acl, "acl");
    Objects.requireNonNull(bucketLocation, "bucketLocation");
    Objects.requireNonNull(migration, "migration");
    if (!BundleFileNames.isManifest(manifestName) || manifestName.contains("/")) {
      throw new IllegalArgumentException(
          "the manifest must be an object name ending in .manifest.xml, without '/', got '"
              + manifestName
              + "'");
    }
    if (source.equals(destination)) {
      throw new IllegalArgumentException(
          "the destination "
              + destination
              + " is the source: the source is never changed;"
              + " give another bucket or prefix");
    }
  }

  /** The migrated manifest's key in the destination bucket. */
  public String destinationKey() {
    return destination.key(manifestName);
  }
}
