package org.amibundle.bundle.s3;

import java.util.Objects;
import java.util.Optional;

/** An access key, its secret and an optional session token; {@link #toString()} hides both. */
public record S3Credentials(
    String accessKeyId, String secretAccessKey, Optional<String> sessionToken) {

  public S3Credentials {
    Objects.requireNonNull(accessKeyId, "accessKeyId");
    Objects.requireNonNull(secretAccessKey, "secretAccessKey");
    Objects.requireNonNull(sessionToken, "sessionToken");
  }

  @Override
  public String toString() {
    return "S3Credentials[" + accessKeyId + ", secret redacted]";
  }
}
