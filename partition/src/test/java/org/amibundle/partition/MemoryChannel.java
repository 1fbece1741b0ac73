package org.amibundle.partition;

import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.util.Arrays;

/** A disk image in memory, for property tests. */
final class MemoryChannel implements SeekableByteChannel {

  final byte[] bytes;
  private long position;

  MemoryChannel(int size) {
    bytes = new byte[size];
  }

  @Override
  public int read(ByteBuffer dst) {
    if (position >= bytes.length) {
      return -1;
    }
    int n = (int) Math.min(dst.remaining(), bytes.length - position);
    dst.put(bytes, (int) position, n);
    position += n;
    return n;
  }

  @Override
  public int write(ByteBuffer src) {
    int n = src.remaining();
    if (position + n > bytes.length) {
      throw new IllegalStateException("write beyond the disk");
    }
    src.get(bytes, (int) position, n);
    position += n;
    return n;
  }

  @Override
  public long position() {
    return position;
  }

  @Override
  public SeekableByteChannel position(long newPosition) {
    position = newPosition;
    return this;
  }

  @Override
  public long size() {
    return bytes.length;
  }

  @Override
  public SeekableByteChannel truncate(long size) {
    throw new UnsupportedOperationException();
  }

  @Override
  public boolean isOpen() {
    return true;
  }

  @Override
  public void close() {}

  MemoryChannel copy() {
    MemoryChannel c = new MemoryChannel(bytes.length);
    System.arraycopy(bytes, 0, c.bytes, 0, bytes.length);
    return c;
  }

  @Override
  public String toString() {
    return "MemoryChannel[" + bytes.length + " bytes, hash " + Arrays.hashCode(bytes) + "]";
  }
}
