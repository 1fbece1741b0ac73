package org.amibundle;

/**
 * An input exists but cannot be used as given (malformed, unsupported, or a key that does not
 * match): the user must supply the right input.
 */
public sealed class BadInputException extends AmiBundleException
    permits BucketElsewhereException, MappingNotFoundException {

  public BadInputException(String message) {
    super(message);
  }

  public BadInputException(String message, Throwable cause) {
    super(message, cause);
  }
}
