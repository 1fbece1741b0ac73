package org.amibundle;

/** A named input (file, directory, object) does not exist: the user must fix the name. */
public final class NotFoundException extends AmiBundleException {

  public NotFoundException(String message) {
    super(message);
  }

  public NotFoundException(String message, Throwable cause) {
    super(message, cause);
  }
}
