package org.amibundle.manifest;

import java.util.Objects;
import org.amibundle.Printable;

/**
 * One {@code image/parts/part}: its index, its file name and the digest of its bytes.
 *
 * <p>The file name is checked to be a plain name (no {@code /}, {@code \}, control characters, not
 * {@code .} or {@code ..}, not empty), so a hostile manifest cannot make anyone read or write
 * outside the bundle's folder, nor put a line of its own into a message.
 */
public record Part(int index, String filename, Digest digest) {

  public Part {
    if (index < 0) {
      throw new IllegalArgumentException("part index must be >= 0, got " + index);
    }
    Objects.requireNonNull(filename, "part filename");
    Objects.requireNonNull(digest, "part digest");
    if (filename.isEmpty()
        || filename.equals(".")
        || filename.equals("..")
        || filename.indexOf('/') >= 0
        || filename.indexOf('\\') >= 0
        || Printable.hasControlCharacters(filename)) {
      throw new IllegalArgumentException(
          "part "
              + index
              + " filename must be a plain file name without '/', '\\', control "
              + "characters, '.' or '..', got '"
              + Printable.of(filename)
              + "'");
    }
  }
}
