package org.amibundle.bundle.stream;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;
import java.util.zip.CRC32;
import org.amibundle.bundle.internal.nativelib.LibDeflate;

/**
 * A single-member gzip stream deflated on several threads, as {@code pigz -i} does: the input is
 * cut into blocks (1 MiB by default) that are deflated independently, each ending with a sync
 * flush, the last one final, and joined in order behind one 10-byte header (no file name, as {@code
 * gzip} writes from a pipe). The trailer holds the CRC-32 of all input and its length mod 2^32, so
 * {@code gunzip}, {@code pigz -d} and {@code GZIPInputStream} read it as any gzip file.
 *
 * <p>The CRC-32 is computed on the writing thread; the compressed data is written to the next
 * stream from the writing thread too. At most two blocks per thread are in flight. A failure of a
 * worker or of the next stream is thrown by the next {@code write} or by {@link #close()}; after a
 * failure the stream writes nothing more. {@code close()} writes the trailer, stops the threads and
 * closes the next stream, even after a failure; closing twice does nothing.
 */
public final class ParallelGzipOutputStream extends OutputStream {

  /** gzip's own default level. */
  public static final int DEFAULT_LEVEL = 6;

  /** Input bytes per independently deflated block unless another size is given. */
  public static final int DEFAULT_BLOCK_SIZE = 1 << 20;

  // ID1 ID2 CM=deflate FLG=0 MTIME=0 XFL=0 OS=Unix.
  private static final byte[] HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, 3};

  private final OutputStream next;
  private final DeflatePipeline pipeline;
  private final CRC32 crc = new CRC32();
  private long size;
  private IOException failure;
  private boolean closed;

  /** At level 6 on as many threads as there are processors. */
  public ParallelGzipOutputStream(OutputStream next) throws IOException {
    this(next, DEFAULT_LEVEL, Runtime.getRuntime().availableProcessors());
  }

  public ParallelGzipOutputStream(OutputStream next, int level, int threads) throws IOException {
    this(next, level, threads, DEFAULT_BLOCK_SIZE);
  }

  /**
   * @param level deflate level, 1 (fastest) to 9 (smallest)
   * @param threads worker threads, at least 1
   * @param blockSize input bytes per block, at least 1
   * @throws IOException if the header cannot be written to {@code next}
   */
  public ParallelGzipOutputStream(OutputStream next, int level, int threads, int blockSize)
      throws IOException {
    this(next, level, threads, blockSize, LibDeflate.INSTANCE);
  }

  /** Blocks deflated with {@code libDeflate} where zlib loads too, or with Deflater if null. */
  ParallelGzipOutputStream(
      OutputStream next, int level, int threads, int blockSize, LibDeflate libDeflate)
      throws IOException {
    this.next = Objects.requireNonNull(next, "next");
    if (level < 1 || level > 9) {
      throw new IllegalArgumentException("gzip level must be 1 to 9, got " + level);
    }
    if (threads < 1) {
      throw new IllegalArgumentException("gzip threads must be >= 1, got " + threads);
    }
    if (blockSize < 1) {
      throw new IllegalArgumentException("gzip block size must be >= 1, got " + blockSize);
    }
    next.write(HEADER);
    this.pipeline = new DeflatePipeline(next, level, threads, blockSize, libDeflate);
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, b.length);
    checkUsable();
    crc.update(b, off, len);
    size += len;
    try {
      while (len > 0) {
        // A full block goes out only when more input comes, so that the last block is final.
        if (pipeline.current().isFull()) {
          pipeline.submit();
        }
        int n = pipeline.current().fill(b, off, len);
        off += n;
        len -= n;
      }
      pipeline.writeCompleted();
    } catch (IOException e) {
      failure = e;
      throw e;
    }
  }

  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    IOException first = failure == null ? null : incomplete();
    if (first == null) {
      try {
        pipeline.finish();
        next.write(trailer());
      } catch (IOException e) {
        first = e;
      }
    }
    pipeline.shutdown();
    try {
      next.close();
    } catch (IOException e) {
      if (first == null) {
        first = e;
      } else {
        first.addSuppressed(e);
      }
    }
    if (first != null) {
      throw first;
    }
  }

  private byte[] trailer() {
    byte[] trailer = new byte[8];
    putIntLe(trailer, 0, crc.getValue());
    putIntLe(trailer, 4, size);
    return trailer;
  }

  private static void putIntLe(byte[] b, int at, long value) {
    for (int i = 0; i < 4; i++) {
      b[at + i] = (byte) (value >>> (8 * i));
    }
  }

  private void checkUsable() throws IOException {
    if (closed) {
      throw new IOException("gzip stream is closed");
    }
    if (failure != null) {
      throw incomplete();
    }
  }

  /** A new exception each time: the first failure was thrown already, possibly to this caller. */
  private IOException incomplete() {
    return new IOException("gzip stream is incomplete: an earlier write failed", failure);
  }
}
