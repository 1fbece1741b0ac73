package org.amibundle.bundle.internal.output;

import com.sun.jna.LastErrorException;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Optional;
import org.amibundle.bundle.internal.files.FileChannels;
import org.amibundle.bundle.internal.nativelib.LibC;

/**
 * Makes byte ranges of a block device (or a file) read as zeros, writing as little as it can. The
 * device zeroes each range's whole pages itself with {@code fallocate(PUNCH_HOLE | KEEP_SIZE)}: on
 * a block device (Linux 4.9 and later) a discard or write-zeroes that guarantees later reads of
 * zeros, on a file a hole. The unaligned ends, and every range once the kernel or the device has
 * refused (or where libc is not usable), are written as zeros through the channel. Counts the bytes
 * done each way.
 */
public final class ZeroRanges implements Closeable {

  /** The page size: the device zeroes whole pages, never one shared with data in the cache. */
  static final int ALIGNMENT = 4096;

  private static final int O_WRONLY_CLOEXEC = 01 | 02000000;
  private static final int FALLOC_FL_KEEP_SIZE = 0x01;
  private static final int FALLOC_FL_PUNCH_HOLE = 0x02;
  private static final ByteBuffer ZEROS = ByteBuffer.allocateDirect(1 << 20).asReadOnlyBuffer();

  private static final LibC LIBC = LibC.INSTANCE;

  private final FileChannel channel;

  /** The descriptor the device zeroes through; empty once it refused, or without libc. */
  private Optional<Integer> punching;

  private long zeroedByDevice;
  private long writtenAsZeros;

  private ZeroRanges(FileChannel channel, Optional<Integer> punching) {
    this.channel = channel;
    this.punching = punching;
  }

  /**
   * Zeroes ranges of {@code path}, writing through {@code channel} (open on it for writing, and
   * left open by {@link #close}) where the device does not zero.
   */
  public static ZeroRanges on(Path path, FileChannel channel) {
    Optional<Integer> fd = Optional.empty();
    if (LIBC != null) {
      try {
        fd = Optional.of(LIBC.open(path.toString(), O_WRONLY_CLOEXEC));
      } catch (LastErrorException e) {
        // the channel is open on the same path: writing zeros through it still works
      }
    }
    return new ZeroRanges(channel, fd);
  }

  /** Makes {@code [offset, offset + length)} read as zeros. */
  public void zero(long offset, long length) throws IOException {
    long end = offset + length;
    long from = Math.min(end, (offset + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT);
    long to = Math.max(from, end / ALIGNMENT * ALIGNMENT);
    if (to > from && punch(from, to - from)) {
      write(offset, from - offset);
      write(to, end - to);
    } else {
      write(offset, length);
    }
  }

  /** Bytes the device zeroed without data being written. */
  public long zeroedByDevice() {
    return zeroedByDevice;
  }

  /** Bytes written as zeros. */
  public long writtenAsZeros() {
    return writtenAsZeros;
  }

  private boolean punch(long offset, long length) {
    if (punching.isEmpty()) {
      return false;
    }
    try {
      LIBC.fallocate(punching.get(), FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, offset, length);
    } catch (LastErrorException e) {
      // EOPNOTSUPP, EINVAL, ...: this device will not zero; every range is written from now on
      close();
      return false;
    }
    zeroedByDevice += length;
    return true;
  }

  private void write(long offset, long length) throws IOException {
    long position = offset;
    long end = offset + length;
    while (position < end) {
      ByteBuffer zeros = ZEROS.duplicate().limit((int) Math.min(ZEROS.capacity(), end - position));
      position = FileChannels.writeFully(channel, zeros, position);
    }
    writtenAsZeros += length;
  }

  /** Closes the descriptor the device zeroes through; the channel stays the caller's. */
  @Override
  public void close() {
    punching.ifPresent(
        fd -> {
          try {
            LIBC.close(fd);
          } catch (LastErrorException e) {
            // nothing was written through it that a close could lose
          }
        });
    punching = Optional.empty();
  }
}
