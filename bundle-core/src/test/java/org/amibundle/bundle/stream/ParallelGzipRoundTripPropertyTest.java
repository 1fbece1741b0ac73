package org.amibundle.bundle.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.io.IOException;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Any input, block size, level and thread count gunzips to the input. */
class ParallelGzipRoundTripPropertyTest {

  @Property(tries = 100)
  void anyInput_gunzipsToItself(
      @ForAll @Size(max = 100_000) byte[] data,
      @ForAll @IntRange(min = 1, max = 70_000) int blockSize,
      @ForAll @IntRange(min = 1, max = 9) int level,
      @ForAll @IntRange(min = 1, max = 4) int threads)
      throws IOException {
    assertArrayEquals(
        data, GzipTestData.gunzip(GzipTestData.gzip(data, level, threads, blockSize)));
  }
}
