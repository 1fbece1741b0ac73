package org.amibundle.bundle.stream;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.amibundle.bundle.internal.nativelib.LibDeflate;

/**
 * The gunzip pieces inflated with libdeflate first or with the Inflater only, for {@code
 * org.amibundle.bench.InflateBenchmarks}: the product has no such choice (it uses libdeflate
 * wherever it is installed). It is the benchmarks' seam into the package-private constructors: the
 * product does not use it, and module-info exports this package to the benchmarks only.
 */
public final class PieceInflation {

  private final List<byte[]> pieces = new ArrayList<>();
  private final InflateSegment segment;
  private final LibDeflate libDeflate;

  /**
   * The pieces of the gzip member {@code gz} as {@link ParallelGunzipInputStream} cuts them.
   *
   * @throws IllegalStateException if {@code libDeflate} is asked for and not installed
   */
  public PieceInflation(byte[] gz, boolean libDeflate) throws IOException {
    this.libDeflate = libDeflate ? installed() : null;
    InputStream in = new ByteArrayInputStream(gz);
    GzipMember.readHeader(in);
    FlushPointSplitter splitter = new FlushPointSplitter(in, ParallelGunzipInputStream.MAX_PIECE);
    this.segment =
        new InflateSegment(1 << 20, ParallelGunzipInputStream.MAX_OUTPUT, this.libDeflate);
    while (splitter.fill(segment)) {
      pieces.add(Arrays.copyOf(segment.input(), segment.inputLength()));
    }
  }

  /** Inflates every piece on its own, on this thread, as a gunzip worker does; the output bytes. */
  public long inflateAll() {
    long total = 0;
    for (byte[] piece : pieces) {
      System.arraycopy(piece, 0, segment.input(piece.length), 0, piece.length);
      segment.filled(piece.length, false);
      total += segment.inflate().outputLength();
    }
    return total;
  }

  /** A gunzip stream over {@code gz} on {@code threads}, its pieces inflated this way. */
  public InputStream gunzip(byte[] gz, int threads) throws IOException {
    return new ParallelGunzipInputStream(new ByteArrayInputStream(gz), threads, libDeflate);
  }

  /** Frees the segment's native memory. */
  public void end() {
    segment.end();
  }

  private static LibDeflate installed() {
    if (LibDeflate.INSTANCE == null) {
      throw new IllegalStateException("libdeflate.so.0 not loaded: install package libdeflate0");
    }
    return LibDeflate.INSTANCE;
  }
}
