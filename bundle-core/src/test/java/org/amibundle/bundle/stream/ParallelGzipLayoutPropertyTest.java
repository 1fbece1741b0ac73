package org.amibundle.bundle.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import org.amibundle.testing.ExternalTool;

/**
 * Every layout of blocks, deflated by libdeflate or by the Deflater, makes one gzip member that GNU
 * gunzip, {@code GZIPInputStream} and our parallel gunzip read back to the input: random, zero and
 * text-like data, 0 to 2 MiB, block boundaries and last blocks of every size. The member's deflate
 * data is the blocks one after another, and each block inflates alone with {@code
 * java.util.zip.Inflater} to its input: the inner ones ending at the sync flush marker, not final,
 * the last one final.
 */
class ParallelGzipLayoutPropertyTest {

  private static final int MAX_SIZE = 2 << 20;
  private static final byte[] MARKER = {0, 0, (byte) 0xff, (byte) 0xff};

  /** Input bytes and the block size they are cut into. */
  record Layout(byte[] data, int blockSize) {
    @Override
    public String toString() {
      return data.length + " bytes in blocks of " + blockSize;
    }
  }

  @Property(tries = 60)
  void everyLayout_readsBackEverywhere_andEachBlockInflatesAlone(
      @ForAll("layouts") Layout layout,
      @ForAll @IntRange(min = 1, max = 9) int level,
      @ForAll Deflation deflation)
      throws IOException, DataFormatException {
    byte[] data = layout.data();
    byte[] gz = GzipTestData.gzip(data, level, 2, layout.blockSize(), deflation);

    List<byte[]> blocks = blocks(data, layout.blockSize(), level, deflation);
    ByteArrayOutputStream joined = new ByteArrayOutputStream();
    for (int i = 0; i < blocks.size(); i++) {
      byte[] block = blocks.get(i);
      boolean last = i == blocks.size() - 1;
      int from = i * layout.blockSize();
      int to = last ? data.length : from + layout.blockSize();
      // The last may end so too: an empty final stored block is 01 00 00 FF FF.
      assertTrue(last || endsWithMarker(block), "block " + i + " ends with 00 00 FF FF");
      assertInflatesAlone(block, Arrays.copyOfRange(data, from, to), last, i);
      joined.write(block);
    }
    assertArrayEquals(
        joined.toByteArray(), Arrays.copyOfRange(gz, 10, gz.length - 8), "member = the blocks");

    assertArrayEquals(data, GzipTestData.gunzip(gz), "GZIPInputStream");
    assertArrayEquals(
        data, ExternalTool.run(null, gz, List.of("gunzip", "-c")).orFail().stdout(), "gunzip");
    try (var in = new ParallelGunzipInputStream(new ByteArrayInputStream(gz), 2)) {
      assertArrayEquals(data, in.readAllBytes(), "ParallelGunzipInputStream");
      assertFalse(in.inflatedInSequence(), "fell back to one sequence");
      if (markers(joined.toByteArray()) == blocks.size() - 1) {
        // No block holds the marker's bytes as data: one piece per block, none repaired.
        assertEquals(blocks.size(), in.libDeflatePieces());
        assertEquals(0, in.repairs());
      }
    }
  }

  @Provide
  Arbitrary<Layout> layouts() {
    Arbitrary<Integer> blockSizes =
        Arbitraries.frequencyOf(
            Tuple.of(3, Arbitraries.just(ParallelGzipOutputStream.DEFAULT_BLOCK_SIZE)),
            Tuple.of(2, Arbitraries.integers().between(4096, 700_000)),
            Tuple.of(1, Arbitraries.integers().between(1, 300)));
    return blockSizes.flatMap(
        blockSize -> {
          int maxSize = blockSize < 4096 ? 20 * blockSize : MAX_SIZE;
          Arbitrary<Integer> anySize = Arbitraries.integers().between(0, maxSize);
          Arbitrary<Integer> nearBoundary =
              Combinators.combine(
                      Arbitraries.integers().between(0, 2), Arbitraries.integers().between(-2, 2))
                  .as((k, delta) -> Math.max(0, Math.min(maxSize, k * blockSize + delta)));
          Arbitrary<Integer> sizes = Arbitraries.oneOf(anySize, nearBoundary);
          return Combinators.combine(
                  sizes, Arbitraries.of("random", "zeros", "text", "mixed"), Arbitraries.longs())
              .as((size, kind, seed) -> new Layout(input(size, kind, seed), blockSize));
        });
  }

  private static byte[] input(int size, String kind, long seed) {
    return switch (kind) {
      case "random" -> GzipTestData.random(size, seed);
      case "zeros" -> new byte[size];
      case "text" -> GzipTestData.compressible(size, seed);
      default -> mixed(size, seed);
    };
  }

  /** Runs of the three kinds, 1 byte to 300 KB each, in random order. */
  private static byte[] mixed(int size, long seed) {
    Random random = new Random(seed);
    byte[] data = new byte[size];
    int at = 0;
    while (at < size) {
      int n = Math.min(size - at, 1 + random.nextInt(300_000));
      byte[] run = input(n, random.nextBoolean() ? "text" : "random", random.nextLong());
      if (random.nextInt(3) > 0) {
        System.arraycopy(run, 0, data, at, n);
      }
      at += n;
    }
    return data;
  }

  /** The input's blocks deflated one by one, as the stream's workers deflate them. */
  private static List<byte[]> blocks(byte[] data, int blockSize, int level, Deflation deflation)
      throws IOException {
    DeflateBlock block = new DeflateBlock(blockSize, level, deflation.library());
    try {
      List<byte[]> blocks = new ArrayList<>();
      int at = 0;
      do {
        at += block.fill(data, at, data.length - at);
        if (at == data.length) {
          block.markLast();
        }
        block.deflate();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        block.writeTo(out);
        blocks.add(out.toByteArray());
      } while (at < data.length);
      return blocks;
    } finally {
      block.end();
    }
  }

  private static void assertInflatesAlone(byte[] block, byte[] expected, boolean last, int index)
      throws DataFormatException {
    Inflater inflater = new Inflater(true);
    try {
      inflater.setInput(block);
      byte[] out = new byte[expected.length + 1];
      int n = 0;
      while (n < out.length && !inflater.finished() && !inflater.needsInput()) {
        n += inflater.inflate(out, n, out.length - n);
      }
      assertArrayEquals(expected, Arrays.copyOf(out, n), "block " + index + " inflates alone");
      assertEquals(0, inflater.getRemaining(), "block " + index + " consumed whole");
      assertEquals(last, inflater.finished(), "block " + index + " final");
    } finally {
      inflater.end();
    }
  }

  private static boolean endsWithMarker(byte[] block) {
    return block.length >= 4 && Arrays.equals(block, block.length - 4, block.length, MARKER, 0, 4);
  }

  private static int markers(byte[] deflate) {
    int count = 0;
    for (int i = 0; i + 4 <= deflate.length; i++) {
      if (Arrays.equals(deflate, i, i + 4, MARKER, 0, 4)) {
        count++;
        i += 3;
      }
    }
    return count;
  }
}
