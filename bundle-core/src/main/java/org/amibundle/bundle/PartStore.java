package org.amibundle.bundle;

import java.io.IOException;
import java.nio.file.Path;
import org.amibundle.bundle.internal.staging.StagingDirectory;

/**
 * Where {@link Bundler#bundle(BundleRequest, PartStore)} puts a bundle while it is made: each part
 * as soon as it is cut, under its final name, then the manifest, last. An S3 bucket, a directory,
 * or both.
 *
 * <p>Lifecycle: {@link #put} for every part, in order (it may block until the store has room: that
 * bounds the parts held in memory); {@link #commit} once, only when every part was made and put;
 * {@link #close} always. Closing a store that was not committed removes what it stored, or says
 * what it could not remove; a store never has a manifest whose parts are not all stored.
 */
public interface PartStore extends AutoCloseable {

  /**
   * Stores {@code part} as {@code fileName}; its bytes belong to the store from now on, and the
   * store releases the part when done with them (see {@link FinishedPart#release}).
   */
  void put(String fileName, FinishedPart part) throws IOException;

  /** Every part was put: waits until they are all stored, then stores the manifest, last. */
  void commit(String manifestName, byte[] manifest) throws IOException;

  @Override
  void close() throws IOException;

  /**
   * A store that writes into a hidden staging directory in {@code destination} and moves the bundle
   * in on commit, the manifest last (as {@link Bundler#bundle(BundleRequest)} does).
   */
  static PartStore directory(Path destination, String bundleName) throws IOException {
    return new DirectoryPartStore(StagingDirectory.create(destination, bundleName));
  }

  /**
   * Puts every part into {@code copy} and then into {@code store}; commits {@code store} first,
   * then the copy, so that a store that fails at its commit (an upload refused after the last part
   * was put) leaves no committed copy either: closed uncommitted, the copy removes itself. {@code
   * copy} must be done with a part's bytes when its {@link #put} returns and must not release it,
   * as a {@link #directory} store does; {@code store} releases it.
   */
  static PartStore both(PartStore copy, PartStore store) {
    return new TeePartStore(copy, store);
  }
}
