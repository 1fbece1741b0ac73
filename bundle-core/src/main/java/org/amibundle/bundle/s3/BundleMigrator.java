package org.amibundle.bundle.s3;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.amibundle.AmiBundleException;
import org.amibundle.IntegrityException;
import org.amibundle.LocalIoException;
import org.amibundle.NotFoundException;
import org.amibundle.bundle.internal.staging.AtomicFiles;
import org.amibundle.bundle.migrate.ManifestMigrator;
import org.amibundle.bundle.migrate.MigrationResult;
import org.amibundle.manifest.Manifest;
import org.amibundle.manifest.ManifestReader;
import org.amibundle.manifest.Part;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.CopyObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/**
 * Moves a bundle to another bucket or region, as ec2-migrate-bundle does: the manifest is
 * downloaded and migrated first ({@link ManifestMigrator}: signature checked, key and IV wrapped
 * for the target EC2 certificate, kernel and ramdisk mapped, signed again), so that nothing is
 * written to S3 when it cannot be; then the parts are copied server-side (CopyObject, in parallel),
 * each checked by its ETag; then the new manifest is uploaded, last. A part already at the
 * destination with the source's size and ETag is not copied again, so a run after a failure copies
 * only what is missing. The source is only read.
 */
public final class BundleMigrator {

  private final S3Client s3;
  private final int parallelism;
  private final TransferListener listener;

  public BundleMigrator(S3Client s3, int parallelism, TransferListener listener) {
    this.s3 = s3;
    this.parallelism = parallelism;
    this.listener = listener;
  }

  /**
   * Refuses the destination bucket when it exists in another location than the one asked for (the
   * reference's exit 10), before anything is copied; see {@link BucketLocations#requireHere}.
   */
  public void requireBucketHere(BundleMigrationRequest request) throws AmiBundleException {
    BucketLocations.requireHere(s3, request.destination().bucket(), request.bucketLocation());
  }

  /** Migrates; returns what the manifest became (its local working copy and its backup). */
  public MigrationResult migrate(BundleMigrationRequest request) throws IOException {
    MigrationResult migrated = migrateManifest(request);
    byte[] manifestBytes = read(migrated.manifest());
    Manifest manifest = ManifestReader.read(manifestBytes).manifest();
    BucketLocations.ensure(s3, request.destination().bucket(), request.bucketLocation());
    List<ParallelTransfers.Transfer> copies = new ArrayList<>();
    for (Part part : manifest.image().parts()) {
      copies.add(() -> copyUnlessPresent(request, part.filename()));
    }
    listener.started(copies.size() + 1, manifest.image().bundledSize() + manifestBytes.length);
    try {
      ParallelTransfers.runAll(copies, parallelism);
      ObjectPut.put(
          s3,
          request.destination(),
          request.manifestName(),
          request.acl(),
          ObjectPut.md5(manifestBytes, manifestBytes.length),
          RequestBody.fromBytes(manifestBytes));
      listener.transferred(request.destinationKey(), manifestBytes.length);
    } finally {
      listener.finished();
    }
    return migrated;
  }

  private MigrationResult migrateManifest(BundleMigrationRequest request) throws IOException {
    Path local = request.migration().manifest();
    if (Files.exists(local)) {
      throw new IllegalArgumentException(
          "the working copy "
              + local
              + " already exists: give a path where the manifest can be"
              + " downloaded, or remove it");
    }
    byte[] original = S3Objects.manifest(s3, request.source(), request.manifestName());
    try {
      AtomicFiles.replace(local, original);
    } catch (IOException e) {
      throw new LocalIoException(
          "could not write the working copy "
              + local
              + " ("
              + e.getMessage()
              + "): free some"
              + " space or choose another temporary directory",
          e);
    }
    return new ManifestMigrator().migrate(request.migration());
  }

  private void copyUnlessPresent(BundleMigrationRequest request, String fileName)
      throws AmiBundleException {
    S3Location from = request.source();
    S3Location to = request.destination();
    HeadObjectResponse source =
        S3Objects.head(s3, from.bucket(), from.key(fileName))
            .orElseThrow(
                () ->
                    new NotFoundException(
                        "part "
                            + fileName
                            + " of the manifest is not in "
                            + from
                            + ": the source bundle is incomplete; upload it again"));
    String etag = S3Objects.etag(source.eTag());
    Optional<HeadObjectResponse> there = S3Objects.head(s3, to.bucket(), to.key(fileName));
    if (there.isPresent()
        && there.get().contentLength().equals(source.contentLength())
        && S3Objects.etag(there.get().eTag()).equals(etag)) {
      listener.skipped(to.key(fileName), source.contentLength());
      return;
    }
    CopyObjectRequest.Builder copy =
        CopyObjectRequest.builder()
            .sourceBucket(from.bucket())
            .sourceKey(from.key(fileName))
            .destinationBucket(to.bucket())
            .destinationKey(to.key(fileName));
    request.acl().ifPresent(copy::acl);
    CopyObjectResponse copied;
    try {
      copied = s3.copyObject(copy.build());
    } catch (SdkException e) {
      throw S3Errors.of("copying " + from.key(fileName) + " from " + from + " to " + to, e);
    }
    String copiedEtag = S3Objects.etag(copied.copyObjectResult().eTag());
    if (!copiedEtag.equals(etag)) {
      throw new IntegrityException(
          "the copy of "
              + fileName
              + " in "
              + to
              + " has ETag "
              + copiedEtag
              + ", the source "
              + etag
              + ": S3 changed it on the way; run the migration again");
    }
    listener.transferred(to.key(fileName), source.contentLength());
  }

  private static byte[] read(Path file) throws LocalIoException {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new LocalIoException("could not read " + file + ": " + e.getMessage(), e);
    }
  }
}
