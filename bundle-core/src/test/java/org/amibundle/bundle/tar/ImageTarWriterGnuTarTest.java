package org.amibundle.bundle.tar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.amibundle.testing.ExternalTool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Our tar stream against GNU tar 1.34's for the same file: the same bytes, restorable by it. */
class ImageTarWriterGnuTarTest {

  private static final int K4 = 4096;

  @TempDir Path dir;

  static Stream<Arguments> images() {
    return Stream.of(
        Arguments.of("dense", 700L, List.of(new Extent(0, 700))),
        Arguments.of("empty", 0L, List.of()),
        Arguments.of(
            "holeInTheMiddle",
            3L * K4 + 100,
            List.of(new Extent(0, K4), new Extent(2L * K4, K4 + 100))),
        Arguments.of("leadingHole", 20_000L, List.of(new Extent(4L * K4, 20_000 - 4L * K4))),
        Arguments.of("trailingHole", 16L * K4, List.of(new Extent(0, 10))),
        Arguments.of("allHole", 1L << 20, List.of()),
        Arguments.of(
            "unalignedData", 50_000L, List.of(new Extent(5000, 10), new Extent(30_001, 3))),
        Arguments.of("threeRegionsFillTheHeaderMap", 40L * K4, regions(3, 40L * K4)),
        Arguments.of("sevenRegions", 40L * K4, regions(7, 40L * K4)),
        Arguments.of("regionsFillHeaderAndOneExtension", 100L * K4, regions(24, 100L * K4)),
        Arguments.of("sixtyRegions", 200L * K4, regions(60, 200L * K4)),
        Arguments.of("n".repeat(100), 3L * K4, List.of(new Extent(K4, 5))),
        Arguments.of("d".repeat(150), 1000L, List.of(new Extent(0, 1000))),
        Arguments.of("s".repeat(150), 5L * K4, List.of(new Extent(K4, K4))),
        Arguments.of("l".repeat(255), 600L, List.of(new Extent(0, 600))));
  }

  /** {@code count} one-page data regions spread over {@code size} bytes, the last at the end. */
  private static List<Extent> regions(int count, long size) {
    List<Extent> data = new ArrayList<>();
    long step = size / count / K4 * K4;
    for (int i = 0; i < count - 1; i++) {
      data.add(new Extent(i * step + K4, K4));
    }
    data.add(new Extent(size - K4, K4));
    return data;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("images")
  void writtenStream_equalsGnuTarByteForByte(String name, long size, List<Extent> data)
      throws IOException {
    TestImages.create(dir, name, size, data);

    assertSameBytes(TestImages.gnuTar(dir, name), TestImages.ourTar(dir.resolve(name)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("images")
  void writtenStream_isListedAndRestoredSparseByGnuTar(String name, long size, List<Extent> data)
      throws IOException {
    Path original = TestImages.create(dir, name, size, data);
    Path archive = dir.resolve("ours.tar");
    Files.write(archive, TestImages.ourTar(original));
    Path restored = Files.createDirectory(dir.resolve("restored"));

    String listing = ExternalTool.run(dir, "tar", "-tvf", archive.toString()).orFail().stdoutText();
    ExternalTool.run(restored, "tar", "-xSf", archive.toString()).orFail();

    assertTrue(
        listing.matches("-rw------- root/root +" + size + " [^\\n]* " + name + "\\n"), listing);
    assertEquals(-1, Files.mismatch(original, restored.resolve(name)));
    assertTrue(
        TestImages.allocatedBytes(restored.resolve(name)) <= TestImages.allocatedBytes(original),
        "restored file is not sparse");
  }

  @Test
  void nineGibSparseImage_usesBase256FieldsLikeGnuTarAndReadsBack() throws IOException {
    long size = 9L << 30;
    String name = "nine.img";
    TestImages.create(
        dir,
        name,
        size,
        List.of(new Extent(0, 10), new Extent(4L << 30, K4), new Extent(size - 3, 3)));

    byte[] ours = TestImages.ourTar(dir.resolve(name));

    assertSameBytes(TestImages.gnuTar(dir, name), ours);
    CollectingSink sink = new CollectingSink();
    assertEquals(
        new TarImage(name, size, true),
        ImageTarReader.read(new java.io.ByteArrayInputStream(ours), sink, Long.MAX_VALUE));
    try (var channel = java.nio.channels.FileChannel.open(dir.resolve(name))) {
      for (CollectingSink.Write write : sink.writes) {
        java.nio.ByteBuffer onDisk = java.nio.ByteBuffer.allocate(write.bytes().length);
        channel.read(onDisk, write.offset());
        assertTrue(Arrays.equals(onDisk.array(), write.bytes()), "data at " + write.offset());
      }
    }
    assertEquals(3L * K4, sink.deliveredBytes());
    Path archive = Files.write(dir.resolve("nine.tar"), ours);
    assertTrue(
        ExternalTool.run(dir, "tar", "-tvf", archive.toString())
            .orFail()
            .stdoutText()
            .contains(" " + size + " "));
  }

  private static void assertSameBytes(byte[] expected, byte[] actual) {
    if (!Arrays.equals(expected, actual)) {
      int at = Arrays.mismatch(expected, actual);
      int from = Math.max(0, at / 16 * 16 - 32);
      throw new AssertionError(
          "streams differ at byte "
              + at
              + " (lengths "
              + expected.length
              + ", "
              + actual.length
              + ")\n gnu: "
              + hex(expected, from)
              + "\n our: "
              + hex(actual, from));
    }
  }

  private static String hex(byte[] bytes, int from) {
    int to = Math.min(bytes.length, from + 96);
    return from >= to ? "(end)" : HexFormat.ofDelimiter(" ").formatHex(bytes, from, to);
  }
}
