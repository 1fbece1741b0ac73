package org.amibundle.bundle.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import org.amibundle.testing.ExternalTool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Our own gzip streams inflate in pieces on every thread; streams without usable flush points (GNU
 * gzip, pigz without -i) and data that merely contains the flush bytes inflate in sequence from
 * where the pieces stop being trustworthy, and every result is the exact input: with the pieces
 * inflated by libdeflate and by the Inflater alone.
 */
class ParallelGunzipInputStreamTest {

  private static final int BLOCK = ParallelGzipOutputStream.DEFAULT_BLOCK_SIZE;
  private static final byte[] MARKER = {0, 0, (byte) 0xff, (byte) 0xff};

  static Stream<Arguments> ownStreams() {
    List<Arguments> cases = new ArrayList<>();
    for (Inflation inflation : Inflation.values()) {
      for (int size : new int[] {0, 1, BLOCK - 1, BLOCK, BLOCK + 1, 7 * BLOCK + 12_345}) {
        for (String kind : List.of("compressible", "random", "zeros", "mixed")) {
          for (int threads : new int[] {1, 2, 4}) {
            cases.add(Arguments.of(inflation, size, kind, threads));
          }
        }
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0}: {1} bytes {2}, {3} threads")
  @MethodSource("ownStreams")
  void ownStream_inflatesInPiecesToTheInput(Inflation inflation, int size, String kind, int threads)
      throws IOException {
    byte[] data = input(size, kind);
    byte[] gz = GzipTestData.gzip(data, 6, 2, BLOCK);

    try (var in = inflation.open(gz, threads)) {
      assertArrayEquals(data, in.readAllBytes());
      assertFalse(in.inflatedInSequence(), "fell back to one sequence on our own stream");
    }
  }

  /**
   * Incompressible data is deflated into full stored blocks of 65,535 bytes, whose header (00, then
   * the length FF FF) makes a flush-point candidate with a data byte 00 before it: here before
   * every header, so the first block of the stream holds many candidates before its flush point.
   * They are repaired by joining, without falling back to one sequence.
   */
  @ParameterizedTest
  @EnumSource(Deflation.class)
  void ownStream_storedBlocksAfterZeroBytes_areJoinedInPieces(Deflation deflation)
      throws IOException {
    byte[] data = GzipTestData.random(BLOCK + 4321, 5);
    for (int at = 65_534; at < data.length; at += 65_535) {
      data[at] = 0;
    }
    byte[] gz = GzipTestData.gzip(data, 2, 2, BLOCK, deflation);
    int candidates = 0;
    for (int at = indexOf(gz, MARKER, 10); at >= 0; at = indexOf(gz, MARKER, at + 1)) {
      candidates++;
    }
    assertTrue(candidates > 10, "flush-point candidates in the stream: " + candidates);

    try (var in = Inflation.LIBDEFLATE.open(gz, 2)) {
      assertArrayEquals(data, in.readAllBytes());
      assertFalse(in.inflatedInSequence(), "fell back to one sequence on our own stream");
    }
  }

  /**
   * Where libdeflate is installed the public constructor inflates every piece of our own stream
   * with it (7 full blocks and the last, the gzip trailer after its final block); the Inflater
   * alone gives the same output.
   */
  @Test
  void ownStream_piecesAreInflatedByLibDeflateWhereInstalled() throws IOException {
    Inflation.LIBDEFLATE.library();
    byte[] data = input(7 * BLOCK + 12_345, "mixed");
    byte[] gz = GzipTestData.gzip(data, 6, 2, BLOCK);

    try (var in = new ParallelGunzipInputStream(new ByteArrayInputStream(gz), 2)) {
      assertArrayEquals(data, in.readAllBytes());
      assertEquals(8, in.libDeflatePieces());
      assertEquals(0, in.repairs());
    }
    try (var in = Inflation.INFLATER.open(gz, 2)) {
      assertArrayEquals(data, in.readAllBytes());
      assertEquals(0, in.libDeflatePieces());
    }
  }

  @ParameterizedTest(name = "{0}: gzip -{1}")
  @MethodSource("gnuLevels")
  void gnuGzip_hasNoFlushPoints_andInflatesInSequence(Inflation inflation, int level)
      throws IOException {
    byte[] data = input(9 * BLOCK + 77, "mixed");
    byte[] gz = ExternalTool.run(null, data, List.of("gzip", "-" + level, "-c")).orFail().stdout();

    try (var in = inflation.open(gz, 2)) {
      assertArrayEquals(data, in.readAllBytes());
      assertTrue(in.inflatedInSequence());
    }
  }

  static Stream<Arguments> gnuLevels() {
    return Stream.of(Inflation.values())
        .flatMap(inflation -> Stream.of(1, 6, 9).map(level -> Arguments.of(inflation, level)));
  }

  @ParameterizedTest
  @EnumSource(Inflation.class)
  void pigzWithoutIndependentBlocks_refersBackAcrossFlushes_andInflatesInSequence(
      Inflation inflation) throws IOException {
    byte[] data = input(9 * BLOCK, "compressible");
    byte[] gz =
        ExternalTool.run(null, data, List.of("pigz", "-6", "-b", "128", "-p", "2", "-c"))
            .orFail()
            .stdout();
    assertTrue(indexOf(gz, MARKER, 10) > 0, "pigz wrote flush points");

    try (var in = inflation.open(gz, 2)) {
      assertArrayEquals(data, in.readAllBytes());
      assertTrue(in.inflatedInSequence());
      assertEquals(1, in.repairs());
    }
  }

  @ParameterizedTest
  @EnumSource(Inflation.class)
  void pigzIndependentBlocks_inflateInPieces(Inflation inflation) throws IOException {
    byte[] data = input(9 * BLOCK, "mixed");
    byte[] gz =
        ExternalTool.run(null, data, List.of("pigz", "-6", "-i", "-b", "256", "-p", "2", "-c"))
            .orFail()
            .stdout();

    try (var in = inflation.open(gz, 2)) {
      assertArrayEquals(data, in.readAllBytes());
      assertFalse(in.inflatedInSequence());
    }
  }

  /**
   * Incompressible data is stored as it is, so data holding {@code 00 00 FF FF} followed by a
   * complete raw deflate stream puts a false candidate into the compressed stream whose next piece
   * inflates cleanly on its own, to the wrong bytes. The piece before must be seen to end inside
   * its stored block and be repaired, joined to the pieces after it.
   */
  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("compressors")
  void storedDataThatLooksLikeAFlushAndADeflateBlock_isNotTakenForOne(
      Inflation inflation, String compressor) throws IOException {
    byte[] trap = concat(MARKER, rawDeflateSyncFlushed(input(40_000, "compressible")));
    byte[] data =
        concat(input(300_000, "random"), trap, input(300_000, "random"), trap, input(50, "random"));
    byte[] gz =
        compressor.equals("amibundle")
            ? GzipTestData.gzip(data, 6, 2, BLOCK)
            : ExternalTool.run(null, data, List.of("gzip", "-" + compressor.substring(5), "-c"))
                .orFail()
                .stdout();
    assertTrue(indexOf(gz, trap, 10) > 0, "the trap was stored as it is");

    try (var in = inflation.open(gz, 2)) {
      assertArrayEquals(data, in.readAllBytes());
      assertTrue(in.repairs() > 0, "the piece ending at the trap was repaired");
    }
  }

  /**
   * A flush marker inside stored data ends a piece inside its block; that piece is inflated again
   * joined to the next, which ends at the real flush, and the pieces after it are used as they are.
   */
  @ParameterizedTest
  @EnumSource(Inflation.class)
  void markerInsideStoredData_isRepairedWithTheNextPiece_andTheRestStaysParallel(
      Inflation inflation) throws IOException {
    byte[] data = input(6 * BLOCK, "random");
    for (int block = 1; block < 6; block += 2) {
      System.arraycopy(MARKER, 0, data, block * BLOCK + 300_000, MARKER.length);
    }
    byte[] gz = GzipTestData.gzip(data, 6, 2, BLOCK);

    try (var in = inflation.open(gz, 2)) {
      assertArrayEquals(data, in.readAllBytes());
      assertFalse(in.inflatedInSequence());
      assertEquals(3, in.repairs());
    }
  }

  /**
   * Stored data ending in 00, before the next stored block's header byte 00 and length FF FF, is a
   * candidate across the two blocks, and the piece cut there ends inside that header. Several in
   * one 1 MiB block, and in blocks side by side (random data is stored, in 65,535-byte stored
   * blocks), are each repaired by joining the pieces after them, and the stream stays parallel.
   */
  @ParameterizedTest
  @EnumSource(Inflation.class)
  void candidatesAcrossStoredBlocks_areJoinedOver_andTheStreamStaysParallel(Inflation inflation)
      throws IOException {
    byte[] data = input(6 * BLOCK, "random");
    for (int block = 2; block < 5; block++) {
      for (int stored = 3; stored < 6; stored++) {
        data[block * BLOCK + stored * 65_535 - 1] = 0;
      }
    }
    byte[] gz = GzipTestData.gzip(data, 6, 2, BLOCK);
    byte[] acrossBlocks = {0, 0, (byte) 0xff, (byte) 0xff, 0, 0};
    assertTrue(indexOf(gz, acrossBlocks, 10) > 0, "a candidate across two stored blocks");

    try (var in = inflation.open(gz, 2)) {
      assertArrayEquals(data, in.readAllBytes());
      assertFalse(in.inflatedInSequence());
      assertTrue(in.repairs() >= 3, "repairs: " + in.repairs());
    }
  }

  static Stream<Arguments> compressors() {
    return Stream.of(Inflation.values())
        .flatMap(
            inflation ->
                Stream.of("amibundle", "gzip 1", "gzip 9")
                    .map(compressor -> Arguments.of(inflation, compressor)));
  }

  @ParameterizedTest
  @EnumSource(Inflation.class)
  void concatenatedMembersAndAStoredName_areRead(Inflation inflation, @TempDir Path dir)
      throws IOException {
    byte[] first = input(3 * BLOCK, "mixed");
    byte[] second = input(BLOCK / 2, "compressible");
    byte[] named = ExternalTool.bash(dir, "head -c 1000 /dev/zero > z && gzip -c z").stdout();
    byte[] gz =
        concat(
            GzipTestData.gzip(first, 6, 2, BLOCK), GzipTestData.gzip(second, 6, 1, BLOCK), named);

    try (var in = inflation.open(gz, 2)) {
      assertArrayEquals(concat(first, second, new byte[1000]), in.readAllBytes());
    }
  }

  static byte[] input(int size, String kind) {
    return switch (kind) {
      case "compressible" -> GzipTestData.compressible(size, 7);
      case "random" -> GzipTestData.random(size, 11);
      case "zeros" -> new byte[size];
      default -> mixed(size);
    };
  }

  /** 64 KiB slices in turn: text-like, random, zeros. */
  private static byte[] mixed(int size) {
    byte[] data = new byte[size];
    byte[] text = GzipTestData.compressible(size, 3);
    byte[] random = GzipTestData.random(size, 5);
    for (int at = 0, slice = 0; at < size; at += 1 << 16, slice++) {
      int n = Math.min(1 << 16, size - at);
      if (slice % 3 != 2) {
        System.arraycopy(slice % 3 == 0 ? text : random, at, data, at, n);
      }
    }
    return data;
  }

  static byte[] rawDeflateSyncFlushed(byte[] data) {
    Deflater deflater = new Deflater(6, true);
    deflater.setInput(data);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[1 << 16];
    int n;
    do {
      n = deflater.deflate(buffer, 0, buffer.length, Deflater.SYNC_FLUSH);
      out.write(buffer, 0, n);
    } while (n == buffer.length);
    deflater.end();
    return out.toByteArray();
  }

  static byte[] concat(byte[]... arrays) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] a : arrays) {
      out.writeBytes(a);
    }
    return out.toByteArray();
  }

  static int indexOf(byte[] haystack, byte[] needle, int from) {
    outer:
    for (int i = from; i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
