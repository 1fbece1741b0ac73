package org.amibundle.manifest;

import java.util.Objects;

/**
 * One {@code image/parts/part}: its index, its file name and the digest of its bytes.
 *
 * <p>The file name is checked to be a plain name (no {@code /}, {@code \}, NUL, not {@code .} or
 * {@code ..}, not empty), so a hostile manifest cannot make anyone read or write outside the
 * bundle's folder.
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
        || filename.indexOf('\0') >= 0) {
      throw new IllegalArgumentException(
          "part " + index + " filename must be a plain file name without '/', '\\', NUL, "
              + "'.' or '..', got '" + filename.replace("\0", "\\0") + "'");
    }
  }
}
