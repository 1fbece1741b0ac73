package org.amibundle.bundle.volume;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fill of a real file as its allocated blocks grow, reported from a polling thread. */
class FillWatchTest {

  private static final int MIB = 1 << 20;

  @TempDir Path work;

  @Test
  void growthSinceTheStart_isReported_cappedAtTheTotal_andFinishReportsTheRest() throws Exception {
    Path image = work.resolve("image");
    RecordedProgress heard = new RecordedProgress();
    try (FileChannel file = allocated(image, MIB)) { // allocated before the watch: not counted
      try (FillWatch watch = FillWatch.start(image, 3L * MIB, heard)) {
        write(file, MIB, 2 * MIB);
        heard.awaitBytes(2L * MIB);
        write(file, 3 * MIB, 4 * MIB); // beyond the total
        heard.awaitBytes(3L * MIB);
        Thread.sleep(500);
        assertEquals(3L * MIB, heard.bytesDone(), "more than the total reported");
        watch.finish();
      }
    }
    List<Long> seen = heard.cumulative();
    assertEquals(3L * MIB, seen.get(seen.size() - 1), seen.toString());
    assertEquals(List.of("started " + 3 * MIB), heard.ends(), "no end: the cloner reports it");
  }

  @Test
  void aFileThatDoesNotGrow_hearsNothingUntilFinish() throws Exception {
    Path image = work.resolve("image");
    RecordedProgress heard = new RecordedProgress();
    try (FileChannel file = allocated(image, 2 * MIB)) {
      try (FillWatch watch = FillWatch.start(image, MIB, heard)) {
        Thread.sleep(500);
        assertEquals(List.of(), heard.cumulative(), "the allocation before the start counted");
        watch.finish();
      }
    }
    assertEquals(List.of((long) MIB), heard.cumulative());
  }

  /** A new file at {@code image} with {@code bytes} written, open for more. */
  private static FileChannel allocated(Path image, int bytes) throws IOException {
    FileChannel file =
        FileChannel.open(image, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    write(file, 0, bytes);
    file.force(false);
    return file;
  }

  private static void write(FileChannel file, long offset, int bytes) throws IOException {
    byte[] data = new byte[bytes];
    new Random(offset).nextBytes(data);
    file.write(ByteBuffer.wrap(data), offset);
  }
}
