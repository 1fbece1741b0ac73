package org.amibundle.bundle.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.io.IOException;
import java.util.List;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Any mixture of text, random bytes, zeros and planted flush bytes, at any block size, level and
 * thread count, inflates in pieces to itself, by libdeflate and by the Inflater.
 */
class ParallelGunzipRoundTripPropertyTest {

  private static final byte[] TRAP =
      ParallelGunzipInputStreamTest.concat(
          new byte[] {0, 0, (byte) 0xff, (byte) 0xff},
          ParallelGunzipInputStreamTest.rawDeflateSyncFlushed(GzipTestData.compressible(3000, 1)));

  @Property(tries = 120)
  void anyMixture_inflatesToItself_withLibDeflateAndWithTheInflater(
      @ForAll Inflation inflation,
      @ForAll @Size(max = 24) List<@IntRange(min = 0, max = 3) Integer> kinds,
      @ForAll @IntRange(min = 1, max = 90_000) int sliceSize,
      @ForAll @IntRange(min = 1, max = 200_000) int blockSize,
      @ForAll @IntRange(min = 1, max = 9) int level,
      @ForAll @IntRange(min = 1, max = 4) int threads)
      throws IOException {
    inflatesToItself(inflation, kinds, sliceSize, blockSize, level, threads);
  }

  /**
   * Shrunk from a failure: the last block is a final stored block whose data holds the flush bytes
   * 13 bytes before its end, so the probe after the piece fills the block as data.
   */
  @Example
  void plantedFlushBytesThenText_inTinyBlocks_inflateToThemselves() throws IOException {
    for (Inflation inflation : Inflation.values()) {
      inflatesToItself(inflation, List.of(3, 0), 13, 23, 1, 1);
    }
  }

  private static void inflatesToItself(
      Inflation inflation,
      List<Integer> kinds,
      int sliceSize,
      int blockSize,
      int level,
      int threads)
      throws IOException {
    byte[][] slices = new byte[kinds.size()][];
    for (int i = 0; i < slices.length; i++) {
      slices[i] =
          switch (kinds.get(i)) {
            case 0 -> GzipTestData.compressible(sliceSize, i);
            case 1 -> GzipTestData.random(sliceSize, i);
            case 2 -> new byte[sliceSize];
            default -> TRAP;
          };
    }
    byte[] data = ParallelGunzipInputStreamTest.concat(slices);
    byte[] gz = GzipTestData.gzip(data, level, threads, blockSize);

    try (var in = inflation.open(gz, threads)) {
      assertArrayEquals(data, in.readAllBytes());
    }
  }
}
