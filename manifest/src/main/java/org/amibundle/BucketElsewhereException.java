package org.amibundle;

/**
 * The bucket a bundle is to go to exists in another location than the one asked for: choose a
 * bucket there or ask for the bucket's location (the reference's exit 10).
 */
public final class BucketElsewhereException extends BadInputException {

  public BucketElsewhereException(String message) {
    super(message);
  }
}
