package org.amibundle.bundle.stream;

import java.util.Objects;

/**
 * One part as the splitter hands it on: its index, its bytes (the first {@code length} of {@code
 * bytes}) and their SHA-1. The array is not copied: it belongs to whoever holds the part, and the
 * splitter never touches it again once it has handed the part on.
 */
public record FinishedPart(int index, byte[] bytes, int length, byte[] sha1) {

  public FinishedPart {
    Objects.requireNonNull(bytes, "bytes");
    if (index < 0) {
      throw new IllegalArgumentException("part index must be >= 0, got " + index);
    }
    if (length <= 0 || length > bytes.length) {
      throw new IllegalArgumentException(
          "part length must be 1 to " + bytes.length + " bytes, got " + length);
    }
    if (sha1.length != 20) {
      throw new IllegalArgumentException("part SHA-1 must be 20 bytes, got " + sha1.length);
    }
  }
}
