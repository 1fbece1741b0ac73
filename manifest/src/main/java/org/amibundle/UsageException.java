package org.amibundle;

/** An option or argument is wrong: the user must change the command line or request. */
public final class UsageException extends AmiBundleException {

  public UsageException(String message) {
    super(message);
  }

  public UsageException(String message, Throwable cause) {
    super(message, cause);
  }
}
