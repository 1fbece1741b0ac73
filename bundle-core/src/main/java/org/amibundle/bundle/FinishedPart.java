package org.amibundle.bundle;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * One part as the splitter hands it on: its index, its bytes (the first {@link #length} of {@link
 * #bytes}) and their SHA-1. The array is not copied: it belongs to whoever holds the part. The last
 * holder calls {@link #release} when done with the bytes, so that the splitter cuts a later part
 * into the same array instead of a new one (a part not released is simply garbage).
 */
public final class FinishedPart {

  private final int index;
  private final byte[] bytes;
  private final int length;
  private final byte[] sha1;
  private final Consumer<byte[]> recycler;
  private final AtomicBoolean released = new AtomicBoolean();

  /** A part as the splitter cuts it; {@code recycler} takes the array back on {@link #release}. */
  public FinishedPart(int index, byte[] bytes, int length, byte[] sha1, Consumer<byte[]> recycler) {
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
    this.index = index;
    this.bytes = bytes;
    this.length = length;
    this.sha1 = sha1.clone();
    this.recycler = recycler;
  }

  public int index() {
    return index;
  }

  /** The array holding the part's bytes, not a copy; only the first {@link #length} count. */
  public byte[] bytes() {
    return bytes;
  }

  public int length() {
    return length;
  }

  public byte[] sha1() {
    return sha1.clone();
  }

  /**
   * The holder is done with {@link #bytes}: they may be overwritten by a later part from now on.
   * Only the last holder calls it; calling it again does nothing.
   */
  public void release() {
    if (released.compareAndSet(false, true)) {
      recycler.accept(bytes);
    }
  }
}
