package org.amibundle.bundle.tar;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.amibundle.BadInputException;
import org.amibundle.bundle.HoleDetection;
import org.apache.commons.compress.utils.SeekableInMemoryByteChannel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.io.TempDir;

class ImageTarWriterTest {

  private static final TarEntryInfo ENTRY = new TarEntryInfo("img", 0644, 0);

  @TempDir Path dir;

  @Test
  void sequentialDenseSource_isWrittenAsAnOrdinaryMember() throws IOException {
    byte[] image = TestImages.nonZeroBytes(new Random(4), 3000);
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    long written =
        ImageTarWriter.write(
            ENTRY,
            DataLayout.dense(3000),
            Channels.newChannel(new ByteArrayInputStream(image)),
            out);

    assertEquals(10240, written);
    assertEquals('0', out.toByteArray()[156]);
    CollectingSink sink = new CollectingSink();
    ImageTarReader.read(new ByteArrayInputStream(out.toByteArray()), sink, Long.MAX_VALUE);
    assertArrayEquals(image, sink.image());
  }

  @Test
  void sequentialSourceEndingEarly_failsNamingBothSizes() {
    BadInputException e =
        assertThrows(
            BadInputException.class,
            () ->
                ImageTarWriter.write(
                    ENTRY,
                    DataLayout.dense(5000),
                    Channels.newChannel(new ByteArrayInputStream(new byte[1234])),
                    new ByteArrayOutputStream()));

    assertTrue(
        e.getMessage().startsWith("image ended after 1234 bytes, expected 5000: 'img'"),
        e.getMessage());
  }

  @Test
  void seekableSourceShorterThanTheLayout_fails() {
    DataLayout layout = new DataLayout(9000, List.of(new Extent(8000, 1000)));

    BadInputException e =
        assertThrows(
            BadInputException.class,
            () ->
                ImageTarWriter.write(
                    ENTRY,
                    layout,
                    new SeekableInMemoryByteChannel(new byte[8500]),
                    new ByteArrayOutputStream()));

    assertTrue(
        e.getMessage().startsWith("image ended after 8500 bytes, expected 9000"), e.getMessage());
  }

  @Test
  void layoutWithHoles_needsASeekableSource() {
    DataLayout layout = new DataLayout(9000, List.of(new Extent(0, 10)));

    assertThrows(
        IllegalArgumentException.class,
        () ->
            ImageTarWriter.write(
                ENTRY,
                layout,
                Channels.newChannel(new ByteArrayInputStream(new byte[9000])),
                new ByteArrayOutputStream()));
  }

  @Test
  void entryInfo_rejectsNamesThatAreNotPlainFileNames() {
    for (String name : new String[] {"", ".", "..", "a/b", "/x", "a\\b", "a\0b"}) {
      assertThrows(IllegalArgumentException.class, () -> new TarEntryInfo(name, 0644, 0), name);
    }
    assertThrows(IllegalArgumentException.class, () -> new TarEntryInfo("x", 010000, 0));
    assertEquals("a..b", new TarEntryInfo("a..b", 0600, 1).name());
  }

  @Test
  void hundredGibSparseMemberWithTenMegabytes_isReadWithoutReadingItsHoles(TestReporter reporter)
      throws IOException {
    long size = 100L << 30;
    List<Extent> data = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      data.add(new Extent(i * (size / 10) + 4096L * i, 1 << 20));
    }
    Path image = TestImages.create(dir, "huge.img", size, data);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (FileChannel channel = FileChannel.open(image)) {
      ImageTarWriter.write(ENTRY, HoleScanner.scan(image, HoleDetection.AUTO), channel, out);
    }
    byte[] tar = out.toByteArray();
    CountingSink sink = new CountingSink();

    long start = System.nanoTime();
    TarImage read = ImageTarReader.read(new ByteArrayInputStream(tar), sink, Long.MAX_VALUE);
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    reporter.publishEntry(
        "read 100 GiB sparse member with 10 MiB of data", took.toMillis() + " ms");
    assertEquals(new TarImage("img", size, true), read);
    assertEquals(10L << 20, sink.bytes);
    assertTrue(took.compareTo(Duration.ofSeconds(1)) < 0, "took " + took);
  }

  /** Counts delivered bytes without keeping them. */
  private static final class CountingSink implements ImageSink {
    long bytes;

    @Override
    public void begin(String memberName, long size) {}

    @Override
    public void write(java.nio.ByteBuffer data, long offset) {
      bytes += data.remaining();
    }

    @Override
    public void end() {}
  }
}
