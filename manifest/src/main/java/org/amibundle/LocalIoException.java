package org.amibundle;

/**
 * A local file or device could not be read or written (disk full, permissions, device error): the
 * user must fix the local system.
 */
public final class LocalIoException extends AmiBundleException {

  public LocalIoException(String message) {
    super(message);
  }

  public LocalIoException(String message, Throwable cause) {
    super(message, cause);
  }
}
