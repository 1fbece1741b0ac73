package org.amibundle.bundle.s3;

/**
 * Hears about a bundle transfer. Every method has a no-op default and must return quickly; they may
 * be called from several transfer threads at once.
 *
 * <p>Lifecycle: {@link #started} once, before the first object; then, for each object, exactly one
 * of {@link #transferred} or {@link #skipped} once it is done; then {@link #finished} once, after
 * the last object or after the failure that ended the transfer.
 */
public interface TransferListener {

  TransferListener NONE = new TransferListener() {};

  /** The transfer will move at most {@code objects} objects of {@code bytes} bytes in all. */
  default void started(int objects, long bytes) {}

  /**
   * {@code key} was uploaded, downloaded, copied or deleted; {@code bytes} its size (0 for
   * deletes).
   */
  default void transferred(String key, long bytes) {}

  /**
   * {@code key}, of {@code bytes} bytes, was already where it should be (same MD5), or was left out
   * as asked.
   */
  default void skipped(String key, long bytes) {}

  /** The transfer is over, whether every object made it or not. */
  default void finished() {}
}
