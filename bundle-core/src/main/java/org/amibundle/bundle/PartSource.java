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

  /**
   * Parts fetched one by one, in manifest order, from anywhere (S3, HTTP …); each is checked
   * against its SHA-1 before use, and none is stored locally.
   */
  static PartSource fetched(PartFetcher fetcher) {
    return new Fetched(fetcher);
  }

  /** Part files in a directory. */
  record Directory(Path directory) implements PartSource {
    public Directory {
      Objects.requireNonNull(directory, "directory");
    }
  }

  /** Parts from a fetcher. */
  record Fetched(PartFetcher fetcher) implements PartSource {
    public Fetched {
      Objects.requireNonNull(fetcher, "fetcher");
    }
  }

  /** Parts read back to back from a stream. */
  record Concatenated(InputStream stream) implements PartSource {
    public Concatenated {
      Objects.requireNonNull(stream, "stream");
    }
  }
}
