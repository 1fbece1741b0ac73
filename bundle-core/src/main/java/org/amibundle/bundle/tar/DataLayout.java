package org.amibundle.bundle.tar;

import java.util.List;

/**
 * Where an image of {@code size} bytes holds data; every byte outside {@code data} reads as zero.
 * Extents are sorted, do not overlap, are not empty and lie within the image.
 */
public record DataLayout(long size, List<Extent> data) {

  public DataLayout {
    if (size < 0) {
      throw new IllegalArgumentException("image size must be >= 0, got " + size);
    }
    data = List.copyOf(data);
    long previousEnd = 0;
    for (Extent extent : data) {
      if (extent.length() == 0) {
        throw new IllegalArgumentException("data extents must not be empty, got " + extent);
      }
      if (extent.offset() < previousEnd) {
        throw new IllegalArgumentException(
            "data extents must be sorted and disjoint, got "
                + extent
                + " after end "
                + previousEnd);
      }
      previousEnd = extent.end();
    }
    if (previousEnd > size) {
      throw new IllegalArgumentException(
          "data extents must lie within the image of "
              + size
              + " bytes, last ends at "
              + previousEnd);
    }
  }

  /** An image with no holes. */
  public static DataLayout dense(long size) {
    return new DataLayout(size, size == 0 ? List.of() : List.of(new Extent(0, size)));
  }

  /** Bytes of data, holes excluded. */
  public long dataBytes() {
    long total = 0;
    for (Extent extent : data) {
      total += extent.length();
    }
    return total;
  }

  /** True when some part of the image is a hole. */
  public boolean hasHoles() {
    return dataBytes() < size;
  }
}
