package org.amibundle.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.amibundle.bundle.stream.BlockDeflation;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Ratio against speed of the bundle's deflate, one thread, 1 MiB blocks as the bundle cuts them:
 * libdeflate against the Deflater (zlib) at levels 1, 4, 6, 7 and 9, over tar streams of this
 * machine's own system files: the first {@value #PER_TREE_MIB} MiB of {@code tar -c} of each of
 * {@link #TREES}, what a Debian minbase image holds most of (programs, libraries, Python, Perl).
 * Scores are milliseconds per pass over the sample; each trial prints the deflate bytes per input
 * byte at its end.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 1, time = 1)
@Measurement(iterations = 3, time = 1)
@State(Scope.Benchmark)
public class DeflateLevelBenchmarks {

  static final int PER_TREE_MIB = 16;

  static final List<String> TREES =
      List.of("usr/bin", "usr/lib/x86_64-linux-gnu", "usr/lib/python3.11", "usr/share/perl");

  @Param({"1", "4", "6", "7", "9"})
  int level;

  /** See {@link BlockDeflation}; {@code libdeflate-final} shows what the walk costs. */
  @Param({"deflater", "libdeflate", "libdeflate-final"})
  String way;

  private byte[] sample;
  private BlockDeflation deflation;
  private long deflated;

  @Setup
  public void setUp() throws IOException, InterruptedException {
    ByteArrayOutputStream trees = new ByteArrayOutputStream();
    for (String tree : TREES) {
      trees.write(tar(tree, PER_TREE_MIB << 20));
    }
    sample = trees.toByteArray();
    deflation = new BlockDeflation(level, way);
  }

  @Benchmark
  public long deflate() throws IOException {
    deflated = deflation.deflateAll(sample);
    return deflated;
  }

  @TearDown
  public void report() {
    System.out.printf(
        "%n%s level %d: %d -> %d bytes, ratio %.4f%n",
        way, level, sample.length, deflated, (double) deflated / sample.length);
    deflation.end();
  }

  /** The first {@code size} bytes of {@code tar -c} of {@code tree}, under the root. */
  static byte[] tar(String tree, int size) throws IOException, InterruptedException {
    Process tar =
        new ProcessBuilder(List.of("tar", "-c", "-C", "/", tree))
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    byte[] sample;
    try (InputStream in = tar.getInputStream()) {
      sample = in.readNBytes(size);
    }
    tar.destroy();
    tar.waitFor();
    if (sample.length < size) {
      throw new IOException("tar -c /" + tree + " gave " + sample.length + " bytes only");
    }
    return sample;
  }
}
