package org.amibundle.bundle.s3;

import java.util.Objects;
import org.amibundle.Setting;

/**
 * A bucket and a key prefix, from {@code -b BUCKET[/PREFIX]} as ec2-ami-tools reads it: leading and
 * trailing slashes dropped, the first segment is the bucket, the rest (plus {@code /}) the prefix
 * of every key.
 */
public record S3Location(String bucket, String prefix) {

  public S3Location {
    Objects.requireNonNull(prefix, "prefix");
    if (bucket == null || bucket.isEmpty()) {
      throw new IllegalArgumentException("a bucket name is needed (" + Setting.BUCKET + ")");
    }
    if (!prefix.isEmpty() && !prefix.endsWith("/")) {
      throw new IllegalArgumentException("a key prefix must end with '/', got '" + prefix + "'");
    }
  }

  /** {@code /mybucket/amis/web/} → bucket {@code mybucket}, prefix {@code amis/web/}. */
  public static S3Location parse(String bucketAndPrefix) {
    String trimmed = bucketAndPrefix.replaceAll("^/+", "").replaceAll("/+$", "");
    int slash = trimmed.indexOf('/');
    if (slash < 0) {
      return new S3Location(trimmed, "");
    }
    return new S3Location(trimmed.substring(0, slash), trimmed.substring(slash + 1) + "/");
  }

  /** The object key of a file name under this prefix. */
  public String key(String fileName) {
    return prefix + fileName;
  }

  @Override
  public String toString() {
    return bucket + "/" + prefix;
  }
}
