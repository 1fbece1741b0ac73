package org.amibundle.bundle.internal.output;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jna.LastErrorException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.Size;
import org.amibundle.bundle.LoopDevice;
import org.amibundle.bundle.Tmpfs;
import org.amibundle.bundle.internal.nativelib.LibC;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Direct I/O on the build's temporary directory (a filesystem with a page cache and direct I/O,
 * such as ext4; on tmpfs or ramfs these tests fail, as {@link WriteBehindTest}'s control does):
 * every byte lands where it belongs, blocks shared by two runs of data keep both, the blocks
 * between distant runs stay holes, and the page cache never holds a page of the file.
 */
class DirectWriterTest {

  private static final int BLOCK = 4096;
  private static final int SEEK_DATA = 3;
  private static final int SEEK_HOLE = 4;

  @TempDir Path directory;

  /** A run of data: {@code gap} bytes after the previous run, {@code length} bytes long. */
  record Run(int gap, int length) {}

  @Property(tries = 40)
  void writesEveryRunWhereItBelongs_zerosAndHolesElsewhere_andNothingIntoThePageCache(
      @ForAll("runs") @Size(min = 1, max = 12) List<Run> runs, @ForAll long seed)
      throws IOException {
    Path file = Files.createTempFile("direct", ".img");
    try {
      long size = runs.stream().mapToLong(run -> run.gap() + run.length()).sum() + 1000;
      byte[] expected = new byte[Math.toIntExact(size)];
      Random random = new Random(seed);
      List<long[]> blocks = new ArrayList<>();
      try (WriteBehind writeBehind = WriteBehind.on(file);
          DirectWriter writer = DirectWriter.open(file, writeBehind).orElseThrow()) {
        long offset = 0;
        for (Run run : runs) {
          offset += run.gap();
          byte[] data = new byte[run.length()];
          random.nextBytes(data);
          System.arraycopy(data, 0, expected, (int) offset, data.length);
          // As the tar reader hands them over: in pieces, each a view into a larger array.
          for (int at = 0; at < data.length; ) {
            int piece = Math.min(data.length - at, 1 + random.nextInt(3 << 20));
            byte[] carrier = new byte[piece + 7];
            System.arraycopy(data, at, carrier, 3, piece);
            writer.write(ByteBuffer.wrap(carrier, 3, piece).slice(), offset + at);
            at += piece;
          }
          long end = offset + run.length();
          blocks.add(new long[] {offset / BLOCK * BLOCK, (end + BLOCK - 1) / BLOCK * BLOCK});
          offset += run.length();
        }
        writer.finish();
      }
      assertEquals(0, PageCache.of(file).cached(), "pages of a file written by direct I/O cached");
      try (RandomAccessFile written = new RandomAccessFile(file.toFile(), "rw")) {
        written.setLength(
            size); // as FileImageOutput does; ext4 caches the last block to zero its end
      }
      assertArrayEquals(expected, Files.readAllBytes(file));
      for (long[] extent : dataExtents(file)) {
        for (long block = extent[0]; block < extent[1]; block += BLOCK) {
          long at = block;
          assertTrue(
              blocks.stream().anyMatch(run -> run[0] <= at && at < run[1]),
              "a block at " + at + " holds data, yet no run touches it");
        }
      }
    } finally {
      Files.delete(file);
    }
  }

  @Provide
  Arbitrary<List<Run>> runs() {
    Arbitrary<Integer> gaps =
        Arbitraries.frequencyOf(
            Tuple.of(2, Arbitraries.of(0)),
            Tuple.of(2, Arbitraries.integers().between(1, BLOCK - 1)),
            Tuple.of(2, Arbitraries.integers().between(BLOCK, 3 * BLOCK)),
            Tuple.of(1, Arbitraries.integers().between(1, 2 * DirectWriter.BUFFER)));
    Arbitrary<Integer> lengths =
        Arbitraries.oneOf(
            Arbitraries.integers().between(1, 2 * BLOCK),
            Arbitraries.integers().between(1, 3 * DirectWriter.BUFFER));
    return Combinators.combine(gaps, lengths).as(Run::new).list();
  }

  @Test
  void aWriteBeforeTheEndOfTheLastOne_isRefused() throws IOException {
    Path file = Files.createFile(directory.resolve("image"));
    try (WriteBehind writeBehind = WriteBehind.on(file);
        DirectWriter writer = DirectWriter.open(file, writeBehind).orElseThrow()) {
      writer.write(ByteBuffer.wrap(new byte[100]), 5000);
      assertThrows(
          IllegalArgumentException.class, () -> writer.write(ByteBuffer.wrap(new byte[1]), 5099));
    }
  }

  @Test
  void aWriteTheDiskRefuses_failsTheFinish() throws IOException {
    Path file = Files.createFile(directory.resolve("image"));
    try (WriteBehind writeBehind = WriteBehind.on(file);
        DirectWriter writer = DirectWriter.open(file, writeBehind).orElseThrow()) {
      // Beyond the largest file any Linux filesystem holds (ext4: 16 TiB): EFBIG.
      writer.write(ByteBuffer.wrap(new byte[100]), 1L << 62);
      IOException failure = assertThrows(IOException.class, writer::finish);
      assertTrue(failure.getMessage().contains("large"), failure.getMessage());
    }
  }

  @Test
  void aFilesystemWithoutDirectIo_isLeftToThePageCache() throws IOException {
    Path ram = Files.createDirectory(directory.resolve("ram"));
    try (Tmpfs mounted = Tmpfs.ramfs(ram)) {
      Path file = Files.createFile(ram.resolve("image"));
      try (WriteBehind writeBehind = WriteBehind.on(file)) {
        assertTrue(DirectWriter.open(file, writeBehind).isEmpty());
      }
    }
  }

  @Test
  void aBlockDevice_takesDirectIo() throws IOException {
    Path backing = Files.write(directory.resolve("device.img"), new byte[1 << 20]);
    try (LoopDevice device = LoopDevice.attach(backing);
        WriteBehind writeBehind = WriteBehind.on(device.path())) {
      Optional<DirectWriter> writer = DirectWriter.open(device.path(), writeBehind);
      assertTrue(writer.isPresent(), "no direct I/O onto " + device.path());
      writer.get().close();
    }
  }

  /** The file's data extents, from {@code lseek(SEEK_DATA / SEEK_HOLE)}. */
  private static List<long[]> dataExtents(Path file) throws IOException {
    List<long[]> extents = new ArrayList<>();
    long size = Files.size(file);
    int fd = LibC.INSTANCE.open(file.toString(), 0);
    try {
      for (long at = 0; at < size; ) {
        long data;
        try {
          data = LibC.INSTANCE.lseek(fd, at, SEEK_DATA);
        } catch (LastErrorException e) {
          break; // ENXIO: no data after at
        }
        long hole = LibC.INSTANCE.lseek(fd, data, SEEK_HOLE);
        extents.add(new long[] {data, hole});
        at = hole;
      }
    } finally {
      LibC.INSTANCE.close(fd);
    }
    return extents;
  }
}
