package org.amibundle.bundle.tar;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.amibundle.BadInputException;
import org.amibundle.IntegrityException;
import org.amibundle.bundle.HoleDetection;
import org.amibundle.testing.ExternalTool;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Our reader on the tar streams GNU tar 1.34 writes in every format a bundle may come in. */
class ImageTarReaderTest {

  private static final int K4 = 4096;

  @TempDir Path dir;

  static Stream<Arguments> formatsAndImages() {
    List<List<String>> formats =
        List.of(
            List.of(),
            List.of("--format=oldgnu"),
            List.of("--format=posix", "--sparse-version=0.0"),
            List.of("--format=posix", "--sparse-version=0.1"),
            List.of("--format=posix", "--sparse-version=1.0"));
    List<Arguments> images =
        List.of(
            Arguments.of("dense", 100_000L, List.of(new Extent(0, 100_000))),
            Arguments.of("empty", 0L, List.of()),
            Arguments.of(
                "holes",
                40L * K4 + 7,
                List.of(new Extent(K4, 10), new Extent(9L * K4, 3L * K4), new Extent(40L * K4, 7))),
            Arguments.of("allHole", 1L << 20, List.of()),
            Arguments.of("manyRegions", 400L * K4, manyRegions(50, 400L * K4)),
            Arguments.of("x".repeat(150), 5L * K4, List.of(new Extent(2L * K4, 100))));
    return formats.stream()
        .flatMap(
            format ->
                images.stream()
                    .map(
                        image ->
                            Arguments.of(
                                String.join(" ", format),
                                image.get()[0],
                                image.get()[1],
                                image.get()[2])));
  }

  private static List<Extent> manyRegions(int count, long size) {
    return java.util.stream.IntStream.range(0, count)
        .mapToObj(i -> new Extent(i * (size / count) + 100, 1000))
        .toList();
  }

  @ParameterizedTest(name = "[{0}] {1}")
  @MethodSource("formatsAndImages")
  void gnuTarStream_deliversExactlyTheDataAndConsumesTheStream(
      String format, String name, long size, List<Extent> data) throws IOException {
    Path original = TestImages.create(dir, name, size, data);
    String[] options = format.isEmpty() ? new String[0] : format.split(" ");
    ByteArrayInputStream stream = new ByteArrayInputStream(TestImages.gnuTar(dir, name, options));
    CollectingSink sink = new CollectingSink();

    TarImage image = ImageTarReader.read(stream, sink, Long.MAX_VALUE);

    assertEquals(new TarImage(name, size, image.sparse()), image);
    assertTrue(sink.ended);
    assertEquals(name, sink.name);
    assertArrayEquals(Files.readAllBytes(original), sink.image());
    assertEquals(0, stream.available(), "stream not read to its end");
    DataLayout onDisk = HoleScanner.scan(original, HoleDetection.AUTO);
    assertTrue(sink.deliveredOnlyWithin(onDisk.data()), "holes were delivered");
    assertEquals(onDisk.hasHoles(), image.sparse());
  }

  @Test
  void ustarDenseStream_deliversTheImageWithoutZeroPages() throws IOException {
    byte[] content = TestImages.nonZeroBytes(new java.util.Random(1), 5 * K4);
    Arrays.fill(content, K4, 3 * K4, (byte) 0);
    Files.write(dir.resolve("u.img"), content);
    CollectingSink sink = new CollectingSink();

    byte[] tar =
        ExternalTool.run(dir, "tar", "-c", "--format=ustar", "-f", "-", "u.img").orFail().stdout();
    ImageTarReader.read(new ByteArrayInputStream(tar), sink, Long.MAX_VALUE);

    assertArrayEquals(content, sink.image());
    assertEquals(3L * K4, sink.deliveredBytes());
  }

  @Test
  void aTarHeaderAnnouncing3GiB_againstAManifestOf1MiB_isRefusedBeforeTheSinkBegins()
      throws IOException {
    Files.write(dir.resolve("big.img"), TestImages.nonZeroBytes(new java.util.Random(2), 2 << 20));
    byte[] tar = ExternalTool.run(dir, "tar", "-c", "-f", "-", "big.img").orFail().stdout();
    // The size field (12 bytes at 124) of the header now says 3 GiB; the checksum is made anew.
    byte[] header = Arrays.copyOf(tar, TarHeader.BLOCK);
    TarHeader.number(header, 124, 12, 3L << 30);
    TarHeader.checksum(header);
    System.arraycopy(header, 0, tar, 0, header.length);
    CollectingSink sink = new CollectingSink();

    IntegrityException e =
        assertThrows(
            IntegrityException.class,
            () -> ImageTarReader.read(new ByteArrayInputStream(tar), sink, 1 << 20));

    assertTrue(
        e.getMessage()
            .contains("announces an image of 3221225472 bytes, the manifest says" + " 1048576"),
        e.getMessage());
    assertEquals(null, sink.name, "the sink must not even begin");
  }

  @Test
  void aSparseMapAnnouncingMoreThanTheManifest_isRefusedBeforeItsExtensionBlocksAreRead()
      throws IOException {
    // 3 GiB with 30 data runs: GNU tar writes an old-GNU sparse header and extension blocks.
    List<Extent> runs = new java.util.ArrayList<>();
    for (int i = 0; i < 30; i++) {
      runs.add(new Extent(i * (100L << 20), K4));
    }
    TestImages.create(dir, "sparse.img", 3L << 30, runs);
    byte[] tar = TestImages.gnuTar(dir, "sparse.img", "--format=gnu");
    assertEquals('S', tar[156], "an old-GNU sparse member");
    CollectingSink sink = new CollectingSink();

    IntegrityException e =
        assertThrows(
            IntegrityException.class,
            () -> ImageTarReader.read(new ByteArrayInputStream(tar), sink, 1 << 20));

    assertTrue(e.getMessage().contains("announces an image of 3221225472 bytes"), e.getMessage());
    assertEquals(null, sink.name, "the sink must not even begin");
  }

  @Test
  void secondMember_isRejectedNamingIt() throws IOException {
    Files.write(dir.resolve("a"), new byte[] {1});
    Files.write(dir.resolve("b"), new byte[] {2});
    byte[] tar = ExternalTool.run(dir, "tar", "-cf", "-", "a", "b").orFail().stdout();

    BadInputException e = assertThrows(BadInputException.class, () -> read(tar));

    assertTrue(
        e.getMessage().startsWith("bundle tar stream holds a second member 'b'"), e.getMessage());
  }

  @Test
  void symlinkMember_isRejected() throws IOException {
    Files.createSymbolicLink(dir.resolve("link"), Path.of("target"));
    byte[] tar = ExternalTool.run(dir, "tar", "-cf", "-", "link").orFail().stdout();

    assertRejected(tar, "'link' is a symbolic link");
  }

  @Test
  void directoryMember_isRejected() throws IOException {
    Files.createDirectory(dir.resolve("sub"));
    byte[] tar = ExternalTool.run(dir, "tar", "-cf", "-", "sub").orFail().stdout();

    assertRejected(tar, "'sub/' is a directory");
  }

  @Test
  void fifoMember_isRejected() {
    ExternalTool.bash(dir, "mkfifo pipe");
    byte[] tar = ExternalTool.run(dir, "tar", "-cf", "-", "pipe").orFail().stdout();

    assertRejected(tar, "'pipe' is a fifo");
  }

  @Test
  void nameWithDirectory_isRejected() throws IOException {
    Files.createDirectory(dir.resolve("a"));
    Files.write(dir.resolve("a/b"), new byte[] {1});
    byte[] tar = ExternalTool.run(dir, "tar", "-cf", "-", "a/b").orFail().stdout();

    assertRejected(tar, "'a/b' must be a plain file name without '/'");
  }

  @Test
  void hostileNames_areRejected() throws IOException {
    assertRejected(tarOf("../x", TarConstants.LF_NORMAL), "'../x' must be a plain file name");
    assertRejected(tarOf("..", TarConstants.LF_NORMAL), "'..' must be a file name");
    assertRejected(tarOf("x\\y", TarConstants.LF_NORMAL), "without '\\'");
    assertRejected(tarOf("d/" + "p".repeat(120), TarConstants.LF_NORMAL), "without '/'");
    assertRejected(tarOf("hard", TarConstants.LF_LINK), "'hard' is a hard link");
  }

  @Test
  void streamCutInsideTheData_failsWithIntegrityException() {
    byte[] tar = denseTar("cut.img", 100_000);
    byte[] cut = Arrays.copyOf(tar, 512 + 50_000);

    IntegrityException e = assertThrows(IntegrityException.class, () -> read(cut));

    assertTrue(
        e.getMessage()
            .startsWith("tar stream ended inside member 'cut.img' after 50000 of 100000 bytes"),
        e.getMessage());
  }

  @Test
  void streamCutInsideSparseData_failsWithIntegrityException() throws IOException {
    TestImages.create(
        dir, "sp.img", 64L * K4, List.of(new Extent(K4, 2 * K4), new Extent(32L * K4, K4)));
    byte[] tar = TestImages.gnuTar(dir, "sp.img");
    byte[] cut = Arrays.copyOf(tar, 512 + 2 * K4 + 100);

    IntegrityException e = assertThrows(IntegrityException.class, () -> read(cut));

    assertTrue(
        e.getMessage()
            .startsWith("tar stream ended inside member 'sp.img' after 8292 of 12288 bytes"),
        e.getMessage());
  }

  @Test
  void emptyOrHeaderlessStream_failsWithIntegrityException() {
    assertThrows(IntegrityException.class, () -> read(new byte[0]));
    assertThrows(IntegrityException.class, () -> read(new byte[10240]));
    assertThrows(IntegrityException.class, () -> read(Arrays.copyOf(denseTar("h", 10), 300)));
  }

  private byte[] denseTar(String name, int size) {
    try {
      Files.write(dir.resolve(name), TestImages.nonZeroBytes(new java.util.Random(2), size));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return TestImages.gnuTar(dir, name);
  }

  private static byte[] tarOf(String name, byte type) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      TarArchiveEntry entry = new TarArchiveEntry(name, type);
      if (type == TarConstants.LF_LINK) {
        entry.setLinkName("other");
      }
      tar.putArchiveEntry(entry);
      tar.closeArchiveEntry();
    }
    return bytes.toByteArray();
  }

  private static void assertRejected(byte[] tar, String expectedPart) {
    CollectingSink sink = new CollectingSink();
    BadInputException e =
        assertThrows(
            BadInputException.class,
            () -> ImageTarReader.read(new ByteArrayInputStream(tar), sink, Long.MAX_VALUE));
    assertTrue(e.getMessage().contains(expectedPart), e.getMessage());
    assertFalse(sink.ended);
  }

  private static TarImage read(byte[] tar) throws IOException {
    return ImageTarReader.read(new ByteArrayInputStream(tar), new CollectingSink(), Long.MAX_VALUE);
  }
}
