package org.amibundle.bundle.s3;

import java.io.IOException;
import java.util.Locale;
import java.util.Optional;
import org.amibundle.AmiBundleException;
import org.amibundle.RemoteUnreachableException;
import org.amibundle.manifest.ManifestReader;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
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

  /**
   * The manifest {@code location/fileName}, refused unread when S3 announces more than {@link
   * ManifestReader#MAX_BYTES}, and read no further than that whatever it announced.
   */
  static byte[] manifest(S3Client s3, S3Location location, String fileName)
      throws AmiBundleException {
    String key = location.key(fileName);
    String what = "manifest " + key + " in bucket " + location.bucket();
    try (ResponseInputStream<GetObjectResponse> in =
        s3.getObject(b -> b.bucket(location.bucket()).key(key))) {
      Long length = in.response().contentLength();
      if (length != null && length > ManifestReader.MAX_BYTES) {
        in.abort();
        throw ManifestReader.tooLarge(what, String.valueOf(length));
      }
      return ManifestReader.readBounded(in, what);
    } catch (SdkException e) {
      throw S3Errors.of("downloading " + key + " from bucket " + location.bucket(), e);
    } catch (AmiBundleException e) {
      throw e;
    } catch (IOException e) {
      throw new RemoteUnreachableException(
          "downloading "
              + key
              + " from bucket "
              + location.bucket()
              + " failed: "
              + e.getMessage()
              + "; check the connection and try again",
          e);
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
