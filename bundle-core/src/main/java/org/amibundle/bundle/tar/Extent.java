package org.amibundle.bundle.tar;

/** A range of bytes of an image: {@code length} bytes from {@code offset}. */
public record Extent(long offset, long length) {

  public Extent {
    if (offset < 0) {
      throw new IllegalArgumentException("extent offset must be >= 0, got " + offset);
    }
    if (length < 0) {
      throw new IllegalArgumentException("extent length must be >= 0, got " + length);
    }
  }

  /** The first byte after this extent. */
  public long end() {
    return offset + length;
  }
}
