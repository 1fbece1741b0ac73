package org.amibundle;

/**
 * Content failed a check (digest, signature, size, structure): the data is damaged or was tampered
 * with and must be fetched or made again.
 */
public final class IntegrityException extends AmiBundleException {

  public IntegrityException(String message) {
    super(message);
  }

  public IntegrityException(String message, Throwable cause) {
    super(message, cause);
  }
}
