package org.amibundle.bundle.internal.output;

import com.sun.jna.LastErrorException;
import java.io.Closeable;
import java.nio.file.Path;
import java.util.function.IntConsumer;
import org.amibundle.bundle.internal.nativelib.LibC;
import org.amibundle.bundle.internal.threads.WorkerThreads;

/**
 * Starts the disk write of data just written to a file, without waiting for it ({@code
 * sync_file_range(SYNC_FILE_RANGE_WRITE)}), a window at a time: the disk works while the pipeline
 * still computes, and the {@code fsync} before the file is trusted finds little left to do. Without
 * it the kernel would hold the whole image in the page cache until that fsync, which then waits for
 * all of it.
 *
 * <p>Every {@link #SYNC_EVERY} bytes handed to the disk are also flushed from the disk's own cache,
 * by {@code fdatasync} on a thread of its own while the pipeline goes on. A disk with a volatile
 * cache (a virtual machine's, whose host keeps the writes in its page cache) otherwise takes all of
 * the image at the final fsync: 0.4 to 0.6 s for the 410 MB of the OS image in the benchmarks, the
 * pipeline long done and waiting. Durability is still the final fsync's job (an error the
 * background flush meets is reported to the writer's own descriptor there too); where libc or the
 * calls are not usable this does nothing.
 */
public final class WriteBehind implements Closeable {

  /** Bytes written before their write-back is started. */
  static final long WINDOW = 8 << 20;

  /** Bytes handed to the disk between two background flushes. */
  static final long SYNC_EVERY = 64 << 20;

  private static final int O_RDONLY_CLOEXEC = 02000000;
  private static final int SYNC_FILE_RANGE_WRITE = 2;
  private static final LibC LIBC = LibC.INSTANCE;

  /** The descriptor write-back is started through (read-only is enough); -1 when not usable. */
  private int fd;

  /** Flushes the disk's cache for a descriptor; runs on a flush thread. */
  private final IntConsumer flush;

  private long start;
  private long end;
  private long unflushed;
  private Thread flushing;

  private WriteBehind(int fd, IntConsumer flush) {
    this.fd = fd;
    this.flush = flush;
  }

  /** For {@code file}, which the caller writes through its own channel. */
  public static WriteBehind on(Path file) {
    // A lambda, not LIBC::fdatasync, which would fail where LIBC is null (the flush then never
    // runs).
    return on(file, descriptor -> LIBC.fdatasync(descriptor));
  }

  /** As {@link #on(Path)}, flushing with {@code flush} (tests watch the flushes with it). */
  static WriteBehind on(Path file, IntConsumer flush) {
    if (LIBC == null) {
      return new WriteBehind(-1, flush);
    }
    try {
      return new WriteBehind(LIBC.open(file.toString(), O_RDONLY_CLOEXEC), flush);
    } catch (LastErrorException e) {
      return new WriteBehind(-1, flush);
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
    if (unflushed >= SYNC_EVERY && (flushing == null || !flushing.isAlive())) {
      flushInBackground();
    }
  }

  /** Starts the write-back of what is pending and releases the descriptor. */
  @Override
  public void close() {
    if (fd < 0) {
      return;
    }
    startPending();
    awaitFlush();
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
        unflushed += end - start;
      } catch (LastErrorException e) {
        // not supported here: the fsync before commit writes it all
      }
    }
    start = end;
  }

  /** Flushes what was handed to the disk so far, on a daemon thread of its own. */
  private void flushInBackground() {
    unflushed = 0;
    int descriptor = fd;
    flushing =
        new Thread(
            () -> {
              try {
                flush.accept(descriptor);
              } catch (RuntimeException e) {
                // the writer's fsync before commit meets the same error and reports it
              }
            },
            "amibundle-flush");
    flushing.setDaemon(true);
    flushing.start();
  }

  /** Waits for the background flush, if one runs: the descriptor it uses is closed next. */
  private void awaitFlush() {
    if (flushing != null) {
      WorkerThreads.awaitEnd(flushing);
    }
  }
}
