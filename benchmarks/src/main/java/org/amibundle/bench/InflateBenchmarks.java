package org.amibundle.bench;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.amibundle.bundle.stream.ParallelGunzipInputStream;
import org.amibundle.bundle.stream.ParallelGzipOutputStream;
import org.amibundle.bundle.stream.PieceInflation;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Throughput of gunzip over the same 32 MiB of semi-compressible data gzipped two ways: by {@link
 * ParallelGzipOutputStream} (independent 1 MiB blocks ending in flush points, as amibundle bundles)
 * and by {@link GZIPOutputStream} (one deflate stream, as gzip writes reference bundles). {@link
 * ParallelGunzipInputStream} inflates the first in pieces on its threads and the second in one
 * sequence; {@link GZIPInputStream} is the one-thread baseline. The pieces of the first are also
 * inflated with libdeflate first and with {@code java.util.zip.Inflater} only, on one thread and in
 * the parallel stream. Scores are MiB of output per second.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@OperationsPerInvocation(InflateBenchmarks.SIZE_MIB)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
public class InflateBenchmarks {

  static final int SIZE_MIB = 32;

  /** The data gzipped by amibundle ("blocks") or as one stream ("stream"). */
  @State(Scope.Benchmark)
  public static class Input {
    @Param({"blocks", "stream"})
    String made;

    byte[] gz;

    @Setup
    public void generate() throws IOException {
      gz = gzipped(made);
    }
  }

  /** The data gzipped by amibundle; its pieces inflated by "libdeflate" first or "inflater". */
  @State(Scope.Benchmark)
  public static class Pieces {
    @Param({"libdeflate", "inflater"})
    String inflate;

    byte[] gz;
    PieceInflation pieces;

    @Setup
    public void cut() throws IOException {
      gz = gzipped("blocks");
      pieces = new PieceInflation(gz, inflate.equals("libdeflate"));
    }

    @TearDown
    public void end() {
      pieces.end();
    }
  }

  /** Inflating threads. */
  @State(Scope.Benchmark)
  public static class Threads {
    @Param({"1", "2"})
    int threads;
  }

  @Benchmark
  public long parallelGunzip(Input in, Threads threads) throws IOException {
    return drain(new ParallelGunzipInputStream(new ByteArrayInputStream(in.gz), threads.threads));
  }

  /** The pieces one after another on this thread: a gunzip worker's inflating, nothing else. */
  @Benchmark
  public long pieceInflate(Pieces pieces) {
    return pieces.pieces.inflateAll();
  }

  @Benchmark
  public long parallelGunzipPieces(Pieces pieces, Threads threads) throws IOException {
    return drain(pieces.pieces.gunzip(pieces.gz, threads.threads));
  }

  @Benchmark
  public long gzipInputStream(Input in) throws IOException {
    return drain(new GZIPInputStream(new ByteArrayInputStream(in.gz), 1 << 16));
  }

  /** The data gzipped by amibundle ("blocks") or as one stream ("stream"). */
  private static byte[] gzipped(String made) throws IOException {
    byte[] data = SemiCompressible.generate(SIZE_MIB << 20, 42);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (var gzip =
        made.equals("blocks") ? new ParallelGzipOutputStream(out) : new GZIPOutputStream(out)) {
      gzip.write(data);
    }
    return out.toByteArray();
  }

  private static long drain(InputStream gunzip) throws IOException {
    try (gunzip) {
      byte[] buffer = new byte[1 << 20];
      long total = 0;
      for (int n; (n = gunzip.read(buffer)) > 0; ) {
        total += n;
      }
      return total;
    }
  }
}
