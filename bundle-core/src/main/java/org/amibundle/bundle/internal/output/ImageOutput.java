package org.amibundle.bundle.internal.output;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.amibundle.bundle.tar.ImageSink;

/**
 * An {@link ImageSink} whose result is only trusted once the unbundler has checked the digest:
 * {@link #commit} puts it in place, {@link #abort} removes what was written where it can.
 */
public interface ImageOutput extends ImageSink, AutoCloseable {

  /** The image passed every check: make it visible; returns its path, if it has one. */
  Optional<Path> commit() throws IOException;

  /** Something failed: undo what can be undone. Safe to call at any time, and twice. */
  void abort();

  @Override
  default void close() {
    abort();
  }
}
