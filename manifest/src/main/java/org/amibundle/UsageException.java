package org.amibundle;

/**
 * An option or argument of the command line is wrong: the user must change the command line. The
 * library itself refuses a request it cannot carry out as asked with an {@link
 * IllegalArgumentException} whose message names the request's {@link Setting}.
 */
public final class UsageException extends AmiBundleException {

  public UsageException(String message) {
    super(message);
  }

  public UsageException(String message, Throwable cause) {
    super(message, cause);
  }
}
