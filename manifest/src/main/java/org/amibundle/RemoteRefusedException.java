package org.amibundle;

/**
 * A remote service (S3) answered and refused the request: the user must fix credentials,
 * permissions or names.
 */
public final class RemoteRefusedException extends AmiBundleException {

  public RemoteRefusedException(String message) {
    super(message);
  }

  public RemoteRefusedException(String message, Throwable cause) {
    super(message, cause);
  }
}
