package org.amibundle;

/**
 * A remote service (S3) could not be reached or gave no usable answer: the user may retry later.
 */
public final class RemoteUnreachableException extends AmiBundleException {

  public RemoteUnreachableException(String message) {
    super(message);
  }

  public RemoteUnreachableException(String message, Throwable cause) {
    super(message, cause);
  }
}
