package org.amibundle.bundle;

import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Objects;

/** Where the unbundler writes the image. */
public sealed interface ImageTarget {

  /**
   * {@code <directory>/<name of the image in the bundle>}, as ec2-unbundle does. Written to a
   * temporary file beside it and renamed once every check has passed; holes stay holes.
   */
  static ImageTarget directory(Path directory) {
    return new Directory(directory);
  }

  /**
   * A named file (written and renamed into place like {@link #directory}) or a block device
   * (written in place, since the device may hold older data: holes are zeroed by the device where
   * it can, by discard or write-zeroes, and written as zeros where it cannot; it must be at least
   * as large as the image).
   */
  static ImageTarget file(Path file) {
    return new File(file);
  }

  /** A stream (standard output, a pipe): the image bytes in order, holes as zeros. */
  static ImageTarget stream(OutputStream stream) {
    return new Stream(stream);
  }

  /** An image file in a directory, named by the bundle. */
  record Directory(Path directory) implements ImageTarget {
    public Directory {
      Objects.requireNonNull(directory, "directory");
    }
  }

  /** A named image file or block device. */
  record File(Path file) implements ImageTarget {
    public File {
      Objects.requireNonNull(file, "file");
    }
  }

  /** A stream. */
  record Stream(OutputStream stream) implements ImageTarget {
    public Stream {
      Objects.requireNonNull(stream, "stream");
    }
  }
}
