package org.amibundle.bundle.s3;

import org.amibundle.AmiBundleException;
import org.amibundle.NotFoundException;
import org.amibundle.RemoteRefusedException;
import org.amibundle.RemoteUnreachableException;
import org.amibundle.Setting;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** Turns SDK failures into amibundle's: S3 said no, vs S3 gave no usable answer. */
final class S3Errors {

  private S3Errors() {}

  /** {@code what}: the operation and object, e.g. "uploading image.part.3 to bucket/prefix/". */
  static AmiBundleException of(String what, SdkException e) {
    if (e instanceof NoSuchKeyException || e instanceof NoSuchBucketException) {
      return new NotFoundException(
          what
              + " failed: no such "
              + (e instanceof NoSuchKeyException ? "object" : "bucket")
              + " ("
              + detail(e)
              + ")",
          e);
    }
    if (e instanceof SdkServiceException service) {
      String advice =
          service.statusCode() == 403
              ? "; check the access key, secret key, session token and the bucket's policy"
              : "";
      return new RemoteRefusedException(what + " failed: " + detail(e) + advice, e);
    }
    if (e instanceof SdkClientException) {
      return new RemoteUnreachableException(
          what
              + " failed: S3 could not be reached ("
              + e.getMessage()
              + "); retry later or check "
              + Setting.ENDPOINT
              + " and "
              + Setting.REGION,
          e);
    }
    return new RemoteUnreachableException(what + " failed: " + e.getMessage(), e);
  }

  private static String detail(SdkException e) {
    if (e instanceof S3Exception s3
        && s3.awsErrorDetails() != null
        && s3.awsErrorDetails().errorCode() != null) {
      return s3.awsErrorDetails().errorCode()
          + " ("
          + s3.statusCode()
          + "): "
          + s3.awsErrorDetails().errorMessage();
    }
    return e.getMessage();
  }
}
