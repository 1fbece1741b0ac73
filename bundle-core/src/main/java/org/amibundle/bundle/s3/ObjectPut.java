package org.amibundle.bundle.s3;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Optional;
import org.amibundle.AmiBundleException;
import org.amibundle.LocalIoException;
import org.amibundle.bundle.internal.Digests;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * PUTs one object of a bundle with its Content-MD5, so that S3 refuses bytes damaged on the way,
 * and the canned ACL (none when empty, for buckets with ACLs disabled).
 */
final class ObjectPut {

  private ObjectPut() {}

  static void put(
      S3Client s3, S3Location location, String fileName, Optional<String> acl, byte[] md5, RequestBody body)
      throws AmiBundleException {
    PutObjectRequest.Builder put =
        PutObjectRequest.builder()
            .bucket(location.bucket())
            .key(location.key(fileName))
            .contentMD5(Base64.getEncoder().encodeToString(md5));
    acl.ifPresent(put::acl);
    try {
      s3.putObject(put.build(), body);
    } catch (SdkException e) {
      throw S3Errors.of("uploading " + fileName + " to " + location, e);
    }
  }

  /** The MD5 of the first {@code length} bytes. */
  static byte[] md5(byte[] bytes, int length) {
    MessageDigest md5 = Digests.md5();
    md5.update(bytes, 0, length);
    return md5.digest();
  }

  static byte[] md5(Path file) throws LocalIoException {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest md5 = Digests.md5();
      byte[] buffer = new byte[1 << 16];
      for (int n; (n = in.read(buffer)) > 0; ) {
        md5.update(buffer, 0, n);
      }
      return md5.digest();
    } catch (IOException e) {
      throw new LocalIoException("could not read " + file + ": " + e.getMessage(), e);
    }
  }
}
