package org.amibundle.bundle;

/** A fetched part: its bytes are the first {@code length} bytes of {@code array}. */
public record PartBytes(byte[] array, int length) {

  public PartBytes {
    if (length < 0 || length > array.length) {
      throw new IllegalArgumentException(
          "part length " + length + " outside an array of " + array.length + " bytes");
    }
  }

  /** All of {@code bytes}. */
  public static PartBytes of(byte[] bytes) {
    return new PartBytes(bytes, bytes.length);
  }

  /** {@code buffer} if it holds {@code size} bytes, else a new array of exactly that size. */
  public static byte[] room(byte[] buffer, int size) {
    return buffer != null && buffer.length >= size ? buffer : new byte[size];
  }
}
