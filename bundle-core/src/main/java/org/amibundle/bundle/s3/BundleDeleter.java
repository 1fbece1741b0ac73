package org.amibundle.bundle.s3;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.amibundle.AmiBundleException;
import org.amibundle.bundle.BundleFileNames;
import org.amibundle.manifest.Manifest;
import org.amibundle.manifest.Part;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Deletes a bundle's objects, and only those: the parts a manifest lists and the manifest, or the
 * {@code NAME.part.N} and {@code NAME.manifest.xml} objects found by listing (every page, not only
 * the first thousand keys).
 */
public final class BundleDeleter {

  private final S3Client s3;
  private final int parallelism;
  private final TransferListener listener;

  public BundleDeleter(S3Client s3, int parallelism, TransferListener listener) {
    this.s3 = s3;
    this.parallelism = parallelism;
    this.listener = listener;
  }

  /** The keys of a bundle as its manifest names them, manifest last. */
  public static List<String> keysOf(Manifest manifest, S3Location location, String manifestName) {
    List<String> keys = new ArrayList<>();
    for (Part part : manifest.image().parts()) {
      keys.add(location.key(part.filename()));
    }
    keys.add(location.key(manifestName));
    return keys;
  }

  /** The bundle objects named {@code name} under the location, found by listing. */
  public List<String> find(S3Location location, String name) throws AmiBundleException {
    Pattern bundleObject = BundleFileNames.of(name);
    List<String> keys = new ArrayList<>();
    try {
      for (S3Object object :
          s3.listObjectsV2Paginator(b -> b.bucket(location.bucket()).prefix(location.key(name)))
              .contents()) {
        String rest = object.key().substring(location.prefix().length());
        if (bundleObject.matcher(rest).matches()) {
          keys.add(object.key());
        }
      }
    } catch (SdkException e) {
      throw S3Errors.of("listing " + location.key(name) + "* in bucket " + location.bucket(), e);
    }
    return keys;
  }

  /**
   * Deletes {@code keys}: all but manifests in parallel, then the manifests, so that an interrupted
   * delete never leaves a manifest whose parts are gone. One DeleteObject request per key: unlike
   * DeleteObjects it needs no request checksum, which some S3-compatible servers do not support.
   */
  public void delete(String bucket, List<String> keys) throws IOException {
    List<ParallelTransfers.Transfer> parts = new ArrayList<>();
    List<ParallelTransfers.Transfer> manifests = new ArrayList<>();
    for (String key : keys) {
      (BundleFileNames.isManifest(key) ? manifests : parts).add(() -> deleteOne(bucket, key));
    }
    ParallelTransfers.runAll(parts, parallelism);
    ParallelTransfers.runAll(manifests, parallelism);
  }

  private void deleteOne(String bucket, String key) throws AmiBundleException {
    try {
      s3.deleteObject(b -> b.bucket(bucket).key(key));
    } catch (SdkException e) {
      throw S3Errors.of("deleting " + key + " from bucket " + bucket, e);
    }
    listener.transferred(key, 0);
  }

  /** Deletes the bucket itself; it must be empty. */
  public void deleteBucket(String bucket) throws AmiBundleException {
    try {
      s3.deleteBucket(b -> b.bucket(bucket));
    } catch (SdkException e) {
      throw S3Errors.of("deleting bucket " + bucket, e);
    }
  }
}
