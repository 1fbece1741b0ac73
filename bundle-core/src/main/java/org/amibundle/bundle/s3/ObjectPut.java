package org.amibundle.bundle.s3;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Optional;
import org.amibundle.AmiBundleException;
import org.amibundle.IntegrityException;
import org.amibundle.LocalIoException;
import org.amibundle.Setting;
import org.amibundle.bundle.internal.crypto.Digests;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * PUTs one object of a bundle with its Content-MD5, so that S3 refuses bytes damaged on the way,
 * and the canned ACL (none when empty, for buckets with ACLs disabled); then checks what was
 * stored. A server that does not check Content-MD5, or that keeps a payload framing it did not
 * decode, would otherwise hold damaged objects behind a successful upload.
 */
final class ObjectPut {

  private ObjectPut() {}

  static void put(
      S3Client s3,
      S3Location location,
      String fileName,
      Optional<String> acl,
      byte[] md5,
      RequestBody body)
      throws AmiBundleException {
    PutObjectRequest.Builder put =
        PutObjectRequest.builder()
            .bucket(location.bucket())
            .key(location.key(fileName))
            .contentMD5(Base64.getEncoder().encodeToString(md5));
    acl.ifPresent(put::acl);
    PutObjectResponse stored;
    try {
      stored = s3.putObject(put.build(), body);
    } catch (SdkException e) {
      throw S3Errors.of("uploading " + fileName + " to " + location, e);
    }
    checkStored(s3, location, fileName, md5, body.optionalContentLength().orElseThrow(), stored);
  }

  /**
   * What a single PUT stored is what was sent: its ETag is the MD5 of the bytes, or, where the ETag
   * is no MD5 (objects encrypted with KMS keys, servers with other ETags), its size is the length
   * sent.
   */
  private static void checkStored(
      S3Client s3,
      S3Location location,
      String fileName,
      byte[] md5,
      long length,
      PutObjectResponse stored)
      throws AmiBundleException {
    String etag = S3Objects.etag(stored.eTag());
    String expected = Digests.hex(md5);
    if (etag.equals(expected)) {
      return;
    }
    String key = location.key(fileName);
    if (etagIsMd5(etag, stored.serverSideEncryption())) {
      throw new IntegrityException(
          "S3 stored "
              + key
              + " in bucket "
              + location.bucket()
              + " with ETag "
              + etag
              + ", not the MD5 "
              + expected
              + " of the "
              + length
              + " bytes sent: the server"
              + " changed the object; check "
              + Setting.ENDPOINT
              + " and upload again");
    }
    long size =
        S3Objects.head(s3, location.bucket(), key)
            .map(HeadObjectResponse::contentLength)
            .orElseThrow(
                () ->
                    new IntegrityException(
                        "S3 accepted "
                            + key
                            + " in bucket "
                            + location.bucket()
                            + " but does not"
                            + " have it: check "
                            + Setting.ENDPOINT
                            + " and upload again"));
    if (size != length) {
      throw new IntegrityException(
          "S3 stored "
              + key
              + " in bucket "
              + location.bucket()
              + " as "
              + size
              + " bytes, not"
              + " the "
              + length
              + " bytes sent: the server changed the object; check the"
              + " endpoint ("
              + Setting.ENDPOINT
              + ") and upload again");
    }
  }

  /** Whether a single PUT's ETag is the MD5 of its bytes: it is, unless a KMS key encrypts it. */
  private static boolean etagIsMd5(String etag, ServerSideEncryption encryption) {
    boolean kms =
        encryption == ServerSideEncryption.AWS_KMS
            || encryption == ServerSideEncryption.AWS_KMS_DSSE;
    return !kms && etag.matches("[0-9a-f]{32}");
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
