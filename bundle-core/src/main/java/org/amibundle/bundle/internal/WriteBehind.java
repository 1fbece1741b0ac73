package org.amibundle.bundle.internal;

import com.sun.jna.LastErrorException;
import java.io.Closeable;
import java.nio.file.Path;

/**
 * Starts the disk write of data just written to a file, without waiting for it ({@code
 * sync_file_range(SYNC_FILE_RANGE_WRITE)}), a window at a time: the disk works while the pipeline
 * still computes, and the {@code fsync} before the file is trusted finds little left to do.
 * Without it the kernel would hold the whole image in the page cache until that fsync, which then
 * waits for all of it. Durability is still the fsync's job: where libc or the call is not usable
 * this does nothing.
 */
public final class WriteBehind implements Closeable {

  /** Bytes written before their write-back is started. */
  static final long WINDOW = 8 << 20;

  private static final int O_RDONLY_CLOEXEC = 02000000;
  private static final int SYNC_FILE_RANGE_WRITE = 2;
  private static final LibC LIBC = LibC.INSTANCE;

  /** The descriptor write-back is started through (read-only is enough); -1 when not usable. */
  private int fd;

  private long start;
  private long end;

  private WriteBehind(int fd) {
    this.fd = fd;
  }

  /** For {@code file}, which the caller writes through its own channel. */
  public static WriteBehind on(Path file) {
    if (LIBC == null) {
      return new WriteBehind(-1);
    }
    try {
      return new WriteBehind(LIBC.open(file.toString(), O_RDONLY_CLOEXEC));
    } catch (LastErrorException e) {
      return new WriteBehind(-1);
    }
  }

  /** {@code length} bytes were written at {@code offset}. */
  public void written(long offset, long length) {
    if (fd < 0 || length <= 0) {
      return;
    }
    if (offset != end) {
      startPending();
      start = offset;
    }
    end = offset + length;
    if (end - start >= WINDOW) {
      startPending();
    }
  }

  /** Starts the write-back of what is pending and releases the descriptor. */
  @Override
  public void close() {
    if (fd < 0) {
      return;
    }
    startPending();
    try {
      LIBC.close(fd);
    } catch (LastErrorException e) {
      // a read-only descriptor: nothing was lost
    }
    fd = -1;
  }

  private void startPending() {
    if (end > start) {
      try {
        LIBC.sync_file_range(fd, start, end - start, SYNC_FILE_RANGE_WRITE);
      } catch (LastErrorException e) {
        // not supported here: the fsync before commit writes it all
      }
    }
    start = end;
  }
}
