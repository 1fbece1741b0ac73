package org.amibundle.bundle.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import org.amibundle.testing.ExternalTool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The parallel gzip stream is one standard gzip member that gunzip, gzip -t, Python and
 * GZIPInputStream read, built of independently deflated blocks ending in sync-flush markers.
 */
class ParallelGzipOutputStreamTest {

  private static final int BLOCK = ParallelGzipOutputStream.DEFAULT_BLOCK_SIZE;
  private static final int SEVERAL_MIB = 5 * BLOCK + 12_345;
  private static final byte[] SYNC_MARKER = {0, 0, (byte) 0xff, (byte) 0xff};

  static Stream<Arguments> cases() {
    List<Arguments> cases = new ArrayList<>();
    for (int size : new int[] {0, 1, BLOCK - 1, BLOCK, BLOCK + 1, SEVERAL_MIB}) {
      for (String kind : List.of("compressible", "random")) {
        for (int threads : new int[] {1, 2, 4}) {
          cases.add(Arguments.of(size, kind, 6, threads));
        }
      }
    }
    for (int level : new int[] {1, 9}) {
      for (String kind : List.of("compressible", "random")) {
        for (int threads : new int[] {1, 2, 4}) {
          cases.add(Arguments.of(SEVERAL_MIB, kind, level, threads));
        }
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0} bytes {1}, level {2}, {3} threads")
  @MethodSource("cases")
  void output_decompressesByteExact_withGunzipAndGzipInputStream_andPassesGzipT(
      int size, String kind, int level, int threads) throws IOException {
    byte[] data = input(size, kind);
    for (Deflation deflation : Deflation.values()) {
      byte[] gz = GzipTestData.gzip(data, level, threads, BLOCK, deflation);

      assertArrayEquals(data, GzipTestData.gunzip(gz), deflation.name());
      assertArrayEquals(
          data,
          ExternalTool.run(null, gz, List.of("gunzip", "-c")).orFail().stdout(),
          deflation.name());
      ExternalTool.run(null, gz, List.of("gzip", "-t")).orFail();
    }
  }

  @ParameterizedTest(name = "{0} bytes {1}, level {2}, {3} threads")
  @MethodSource("cases")
  void output_isOneMemberOfIndependentSyncFlushedBlocks(
      int size, String kind, int level, int threads) throws IOException, DataFormatException {
    byte[] data = input(size, kind);
    // The Deflater's blocks, whose lengths zlib gives below; libdeflate's in
    // ParallelGzipLayoutPropertyTest.
    byte[] gz = GzipTestData.gzip(data, level, threads, BLOCK, Deflation.DEFLATER);

    assertArrayEquals(
        new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, 3}, Arrays.copyOf(gz, 10), "header");
    int blocks = Math.max(1, (size + BLOCK - 1) / BLOCK);
    int at = 10;
    for (int i = 0; i < blocks; i++) {
      byte[] block = Arrays.copyOfRange(data, i * BLOCK, Math.min(size, (i + 1) * BLOCK));
      boolean last = i == blocks - 1;
      // Random blocks are stored: deflating them gains nothing (DeflateBlock's probe).
      boolean stored =
          kind.equals("random")
              && level > 1
              && block.length >= DeflateBlock.SAMPLES * DeflateBlock.SAMPLE;
      int length = deflatedLength(block, stored ? Deflater.NO_COMPRESSION : level, last);
      byte[] segment = Arrays.copyOfRange(gz, at, at + length);
      if (!last) {
        assertArrayEquals(
            SYNC_MARKER, Arrays.copyOfRange(segment, length - 4, length), "block " + i);
      }
      assertArrayEquals(
          block, GzipTestData.inflateRaw(segment, block.length), "block " + i + " restarts");
      at += length;
    }
    assertEquals(gz.length, at + 8, "exactly one member: only the trailer follows the last block");
    ByteBuffer trailer = ByteBuffer.wrap(gz, at, 8).order(ByteOrder.LITTLE_ENDIAN);
    CRC32 crc = new CRC32();
    crc.update(data);
    assertEquals((int) crc.getValue(), trailer.getInt(), "CRC-32");
    assertEquals(size, trailer.getInt(), "ISIZE");
  }

  @Test
  void pythonsGzipModule_readsTheOutput() throws IOException {
    byte[] data = GzipTestData.compressible(SEVERAL_MIB, 3);
    byte[] gz = GzipTestData.gzip(data, 6, 2, BLOCK);

    byte[] read =
        ExternalTool.run(
                null,
                gz,
                List.of(
                    "python3",
                    "-c",
                    "import gzip, sys;"
                        + " sys.stdout.buffer.write(gzip.decompress(sys.stdin.buffer.read()))"))
            .orFail()
            .stdout();
    assertArrayEquals(data, read);
  }

  @Test
  void singleByteWrites_giveTheSameStreamAsOneWrite() throws IOException {
    byte[] data = GzipTestData.compressible(3 * 1024 + 5, 4);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (var gzip = new ParallelGzipOutputStream(out, 6, 2, 1024)) {
      for (byte b : data) {
        gzip.write(b);
      }
    }

    assertArrayEquals(GzipTestData.gzip(data, 6, 2, 1024), out.toByteArray());
  }

  /** The length of a block deflated on its own, as the stream must have deflated it. */
  private static int deflatedLength(byte[] block, int level, boolean last) {
    Deflater deflater = new Deflater(level, true);
    try {
      deflater.setInput(block);
      if (last) {
        deflater.finish();
      }
      byte[] out = new byte[block.length * 2 + 1024];
      int length =
          deflater.deflate(out, 0, out.length, last ? Deflater.NO_FLUSH : Deflater.SYNC_FLUSH);
      assertTrue(!last || deflater.finished());
      return length;
    } finally {
      deflater.end();
    }
  }

  private static byte[] input(int size, String kind) {
    return kind.equals("random")
        ? GzipTestData.random(size, size)
        : GzipTestData.compressible(size, size);
  }
}
