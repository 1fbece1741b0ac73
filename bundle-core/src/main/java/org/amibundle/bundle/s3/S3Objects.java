package org.amibundle.bundle.s3;

import org.amibundle.AmiBundleException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;

/** Small object reads shared by the transfers. */
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
}
