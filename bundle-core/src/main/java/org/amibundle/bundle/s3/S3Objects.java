package org.amibundle.bundle.s3;

import java.util.Locale;
import java.util.Optional;
import org.amibundle.AmiBundleException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** Small object reads and writes shared by the transfers. */
final class S3Objects {

  private S3Objects() {}

  /** The whole object {@code location/fileName} (manifests and 10 MiB parts fit in memory). */
  static byte[] get(S3Client s3, S3Location location, String fileName) throws AmiBundleException {
    String key = location.key(fileName);
    try {
      return s3.getObjectAsBytes(b -> b.bucket(location.bucket()).key(key)).asByteArray();
    } catch (SdkException e) {
      throw S3Errors.of("downloading " + key + " from bucket " + location.bucket(), e);
    }
  }

  /** The size and ETag of {@code bucket/key}, or empty if there is no such object. */
  static Optional<HeadObjectResponse> head(S3Client s3, String bucket, String key)
      throws AmiBundleException {
    try {
      return Optional.of(s3.headObject(b -> b.bucket(bucket).key(key)));
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        return Optional.empty();
      }
      throw S3Errors.of("checking " + key + " in " + bucket, e);
    } catch (SdkException e) {
      throw S3Errors.of("checking " + key + " in " + bucket, e);
    }
  }

  /** An ETag without its quotes, lower case: for a simple object, the hex MD5 of its bytes. */
  static String etag(String quoted) {
    return quoted == null ? "" : quoted.replace("\"", "").toLowerCase(Locale.ROOT);
  }
}
