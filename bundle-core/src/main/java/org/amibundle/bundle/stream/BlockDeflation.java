package org.amibundle.bundle.stream;

import java.io.IOException;
import java.io.OutputStream;
import org.amibundle.bundle.internal.nativelib.LibDeflate;
import org.amibundle.bundle.internal.nativelib.LibZ;

/**
 * Data deflated in 1 MiB blocks on this thread as a gzip worker deflates them, by libdeflate or by
 * the Deflater, for {@code org.amibundle.bench.DeflateLevelBenchmarks}: the product has no such
 * choice (it uses libdeflate wherever it and zlib load). It is the benchmarks' seam into the
 * package-private constructor: the product does not use it, and module-info exports this package to
 * the benchmarks only.
 */
public final class BlockDeflation {

  private final DeflateBlock block;
  private final boolean allFinal;
  private final Counter counter = new Counter();

  /**
   * @param way {@code deflater}, {@code libdeflate}, or {@code libdeflate-final}: every block left
   *     final as libdeflate makes it, without the walk that makes inner blocks joinable (not a
   *     stream anyone can read; it shows what the walk costs)
   * @throws IllegalStateException if libdeflate is asked for and not installed
   */
  public BlockDeflation(int level, String way) {
    this.allFinal = way.equals("libdeflate-final");
    this.block =
        new DeflateBlock(
            ParallelGzipOutputStream.DEFAULT_BLOCK_SIZE,
            level,
            way.equals("deflater") ? null : installed());
  }

  /** Deflates {@code data} block by block; the bytes of deflate data. */
  public long deflateAll(byte[] data) throws IOException {
    counter.count = 0;
    int at = 0;
    do {
      at += block.fill(data, at, data.length - at);
      if (allFinal || at == data.length) {
        block.markLast();
      }
      block.deflate().writeTo(counter);
    } while (at < data.length);
    return counter.count;
  }

  /** Frees the block's native memory and deflaters. */
  public void end() {
    block.end();
  }

  private static LibDeflate installed() {
    if (LibDeflate.INSTANCE == null || LibZ.INSTANCE == null) {
      throw new IllegalStateException(
          "libdeflate.so.0 or libz.so.1 not loaded: install packages libdeflate0 and zlib1g");
    }
    return LibDeflate.INSTANCE;
  }

  private static final class Counter extends OutputStream {
    long count;

    @Override
    public void write(int b) {
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      count += len;
    }
  }
}
