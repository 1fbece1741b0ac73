package org.amibundle.bundle;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.Objects;

/** Where the unbundler finds a bundle's parts. */
public sealed interface PartSource {

  /** Part files in a directory, named as the manifest lists them. */
  static PartSource directory(Path directory) {
    return new Directory(directory);
  }

  /**
   * All parts back to back in one stream (e.g. {@code cat image.part.* |}), in manifest order. Each
   * part but the last is taken to be 10 MiB, as every bundler writes them; each is still checked
   * against its SHA-1 in the manifest before it is used.
   */
  static PartSource concatenated(InputStream stream) {
    return new Concatenated(stream);
  }

  /** Part files in a directory. */
  record Directory(Path directory) implements PartSource {
    public Directory {
      Objects.requireNonNull(directory, "directory");
    }
  }

  /** Parts read back to back from a stream. */
  record Concatenated(InputStream stream) implements PartSource {
    public Concatenated {
      Objects.requireNonNull(stream, "stream");
    }
  }
}
