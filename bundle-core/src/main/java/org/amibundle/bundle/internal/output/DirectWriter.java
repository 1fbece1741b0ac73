package org.amibundle.bundle.internal.output;

import com.sun.nio.file.ExtendedOpenOption;
import java.io.Closeable;
import java.io.IOException;
import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import org.amibundle.bundle.internal.files.FileChannels;
import org.amibundle.bundle.internal.nativelib.HugePageBuffer;
import org.amibundle.bundle.internal.threads.WorkerThreads;

/**
 * Writes image data to a file through direct I/O ({@code O_DIRECT}): the disk takes the bytes from
 * our buffers, not from copies in the page cache. On a virtual machine's disk the buffered path is
 * costly: {@code dd} of 440 MB took 0.94 s of system time written through the cache and synced,
 * 0.07 s direct. Here the cost is a copy into a buffer that is reused. {@link WriteBehind} still
 * flushes the disk's own cache in the background.
 *
 * <p>The data is gathered in a few aligned buffers of {@link #BUFFER} bytes, in huge pages (see
 * {@link HugePageBuffer}: in small pages they took a tenth of a second of page faults); each is
 * written whole by a writer thread while the caller fills the next. Direct I/O writes whole blocks
 * at block offsets only, so a run of data is widened to the blocks around it, padded with zeros:
 * the blocks a run touches read as the run and zeros. Runs closer than a block apart share a
 * buffer, so no block is written twice; the blocks between runs farther apart are not written,
 * which suits a new file (they stay holes) and leaves a device's to its caller. The last block may
 * reach past the last run: a file's caller sets its length afterwards; a device's caller writes no
 * data here past the last whole block of the image.
 */
final class DirectWriter implements Closeable {

  /** Bytes a buffer holds; a write is at most this long. */
  static final int BUFFER = 4 << 20;

  /**
   * Buffers: one being filled while the others wait for the writer. The disk stalls for the
   * background flushes ({@link WriteBehind}), 50-70 ms each for an OS image; with 3 buffers (12
   * MiB) the unbundle waited 0.25-0.31 s in all for a free buffer, with 8 (32 MiB, allocated as
   * needed) 0.09 s.
   */
  static final int BUFFERS = 8;

  private final FileChannel channel;
  private final WriteBehind writeBehind;
  private final int block;
  private final byte[] zeros;
  private final HugePageBuffer[] memory = new HugePageBuffer[BUFFERS];
  private final ByteBuffer[] buffers = new ByteBuffer[BUFFERS];
  private final Future<?>[] writes = new Future<?>[BUFFERS];
  private final ExecutorService writer = WorkerThreads.start("amibundle-write", 1);

  /** The buffer being filled, or -1. */
  private int current = -1;

  private int next;

  /** The file position of the current buffer's first byte: a block boundary. */
  private long start;

  /** Bytes of the current buffer filled, padding included. */
  private int filled;

  private DirectWriter(FileChannel channel, WriteBehind writeBehind, int block) {
    this.channel = channel;
    this.writeBehind = writeBehind;
    this.block = block;
    this.zeros = new byte[block];
  }

  /**
   * A writer of {@code file} (a new, empty file or a block device), telling {@code writeBehind} of
   * each write done; empty where direct I/O is refused (the caller writes through the page cache
   * then).
   */
  static Optional<DirectWriter> open(Path file, WriteBehind writeBehind) {
    try {
      int block = Math.toIntExact(Files.getFileStore(file).getBlockSize());
      if (block <= 0 || BUFFER % block != 0) {
        return Optional.empty();
      }
      FileChannel channel =
          FileChannel.open(file, StandardOpenOption.WRITE, ExtendedOpenOption.DIRECT);
      return Optional.of(new DirectWriter(channel, writeBehind, block));
    } catch (IOException | UnsupportedOperationException | ArithmeticException e) {
      return Optional.empty();
    }
  }

  /** Writes {@code data} at {@code offset}, after everything written before. */
  void write(ByteBuffer data, long offset) throws IOException {
    long position = offset;
    while (data.hasRemaining()) {
      if (current >= 0 && position != start + filled) {
        if (position < start + filled) {
          throw new IllegalArgumentException("write at " + position + " after " + (start + filled));
        }
        if (position < start + BUFFER && alignDown(position) < start + alignUp(filled)) {
          pad((int) (position - start)); // the same block as the data before
        } else {
          submit();
        }
      }
      if (current < 0) {
        take(position);
      }
      ByteBuffer buffer = buffers[current];
      int length = Math.min(data.remaining(), BUFFER - filled);
      buffer.put(filled, data, data.position(), length);
      data.position(data.position() + length);
      filled += length;
      position += length;
      if (filled == BUFFER) {
        submit();
      }
    }
  }

  /**
   * Writes what is gathered, waits for every write and closes; the file may then be longer than its
   * data, by less than a block of zeros.
   */
  void finish() throws IOException {
    if (current >= 0) {
      submit();
    }
    for (int i = 0; i < BUFFERS; i++) {
      await(i);
    }
    close();
  }

  /**
   * Stops the writer thread, waiting for a write under way, closes the channel and, once the writer
   * is idle, frees the buffers; after a failure, what was written is not kept. Safe to call twice.
   */
  @Override
  public void close() {
    boolean idle = WorkerThreads.stop(writer);
    try {
      channel.close();
    } catch (IOException e) {
      // every write was awaited or is discarded: the descriptor holds nothing of its own
    }
    if (idle) {
      for (HugePageBuffer buffer : memory) {
        if (buffer != null) {
          buffer.close();
        }
      }
    }
  }

  /** Makes the next buffer current, for data at {@code position}, zeros before it in its block. */
  private void take(long position) throws IOException {
    await(next);
    if (buffers[next] == null) {
      memory[next] = HugePageBuffer.allocate(BUFFER); // aligned to 2 MiB: to any block
      buffers[next] = memory[next].byteBuffer();
    }
    current = next;
    next = (next + 1) % BUFFERS;
    start = alignDown(position);
    filled = 0;
    pad((int) (position - start));
  }

  /** Zeros the current buffer from its filled bytes up to {@code to}, less than a block on. */
  private void pad(int to) {
    buffers[current].put(filled, zeros, 0, to - filled);
    filled = to;
  }

  /** Hands the current buffer, widened to whole blocks, to the writer thread. */
  private void submit() {
    pad(Math.toIntExact(alignUp(filled)));
    ByteBuffer buffer = buffers[current].duplicate().position(0).limit(filled);
    HugePageBuffer owner = memory[current]; // the view does not keep its memory mapped
    long position = start;
    writes[current] =
        writer.submit(
            () -> {
              try {
                long end = FileChannels.writeFully(channel, buffer, position);
                writeBehind.written(position, end - position);
                return null;
              } finally {
                Reference.reachabilityFence(owner);
              }
            });
    current = -1;
  }

  /** Waits for buffer {@code index}'s write, if one was made, and reports its failure. */
  private void await(int index) throws IOException {
    Future<?> write = writes[index];
    if (write != null) {
      writes[index] = null;
      WorkerThreads.await(write, "image write");
    }
  }

  /** {@code position} rounded down to a block boundary. */
  long alignDown(long position) {
    return position / block * block;
  }

  /** {@code position} rounded up to a block boundary: the end of the block it pads. */
  long alignUp(long position) {
    return (position + block - 1) / block * block;
  }
}
