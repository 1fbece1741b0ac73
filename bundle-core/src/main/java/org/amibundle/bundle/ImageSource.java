package org.amibundle.bundle;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.Objects;

/** The image to bundle: a regular file, a block device, or a stream of known length. */
public sealed interface ImageSource {

  /** A regular file or a block device; holes are found as {@link BundleRequest#holes()} says. */
  static ImageSource file(Path path) {
    return new FileSource(path);
  }

  /**
   * Exactly {@code size} bytes read from {@code stream} (standard input, a pipe). Holes cannot be
   * found in a stream, so every byte is stored; the bundle fails if the stream ends early or runs
   * on past {@code size}.
   */
  static ImageSource stream(InputStream stream, long size) {
    return new StreamSource(stream, size);
  }

  /** An image file or block device. */
  record FileSource(Path path) implements ImageSource {
    public FileSource {
      Objects.requireNonNull(path, "path");
    }
  }

  /** An image read from a stream. */
  record StreamSource(InputStream stream, long size) implements ImageSource {
    public StreamSource {
      Objects.requireNonNull(stream, "stream");
      if (size < 0) {
        throw new IllegalArgumentException("stream image size must be >= 0, got " + size);
      }
    }
  }
}
