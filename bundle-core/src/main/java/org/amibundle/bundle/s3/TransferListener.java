package org.amibundle.bundle.s3;

/**
 * Hears about a bundle transfer. Every method has a no-op default and must return quickly; they
 * may be called from several transfer threads at once. For each object, exactly one of {@link
 * #transferred} or {@link #skipped} is called, once it is done.
 */
public interface TransferListener {

  TransferListener NONE = new TransferListener() {};

  /** {@code key} was uploaded, downloaded or deleted; {@code bytes} its size (0 for deletes). */
  default void transferred(String key, long bytes) {}

  /** {@code key} was already where it should be (same MD5), or was left out as asked. */
  default void skipped(String key) {}
}
