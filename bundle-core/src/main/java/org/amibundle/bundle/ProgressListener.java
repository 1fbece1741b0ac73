package org.amibundle.bundle;

/**
 * Hears how far a long job has got: a bundle, unbundle or convert in bytes of the image (holes
 * count as they are passed), a verify in bytes of the parts checked, a bundle-vol clone in bytes of
 * the selected files as mke2fs fills the image. Give one to a request ({@link
 * BundleRequest.Builder#progress}, {@link UnbundleRequest#withProgress}, {@link
 * org.amibundle.bundle.convert.ConvertRequest#withProgress}, {@link
 * org.amibundle.bundle.verify.VerifyRequest#withProgress}, {@link
 * org.amibundle.bundle.volume.VolumeRequest.Builder#progress}). Every method has a no-op default;
 * each must return quickly and never block, as the job waits for it. Calls come from the job's
 * threads one at a time, never at once.
 *
 * <p>Lifecycle: {@link #started} once, with the total; then {@link #progressed} any number of
 * times, each with the bytes done since the call before (when the job succeeds they add up to the
 * total); then exactly one of {@link #done} or {@link #failed}, once. A job that fails before it
 * knows its total (a missing image, an unreadable target) calls only {@link #failed}.
 */
public interface ProgressListener {

  ProgressListener NONE = new ProgressListener() {};

  /** The job begins; it will go through {@code totalBytes} bytes. */
  default void started(long totalBytes) {}

  /** {@code bytes} more bytes are done. */
  default void progressed(long bytes) {}

  /** The job succeeded: every byte is done. */
  default void done() {}

  /** The job ended with {@code failure}, which its caller is about to receive. */
  default void failed(Exception failure) {}
}
