package org.amibundle.bundle.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Asks the kernel, with {@code cachestat(2)} (Linux 6.5), how many of a file's cached pages are
 * still dirty: data written with {@link WriteBehind} must already be on its way to the disk, the
 * same data written without it must still wait in the page cache (the control, which also fails
 * if the temporary directory is on a filesystem without write-back, such as tmpfs).
 */
class WriteBehindTest {

  private static final int PAGE = 4096;
  private static final int CHUNK = 1 << 20;
  private static final int CHUNKS = 24;

  @TempDir Path directory;

  @Test
  void startsTheWriteBackOfEveryWindowAndOfTheRestOnClose() throws IOException {
    Path control = directory.resolve("control");
    write(control, null);
    assertTrue(
        dirtyPages(control) > CHUNKS * CHUNK / PAGE / 2,
        "the control file's pages should still be dirty: " + dirtyPages(control));

    Path file = directory.resolve("image");
    try (FileChannel channel = open(file)) {
      WriteBehind writeBehind = WriteBehind.on(file); // on the file the channel created
      fill(channel, writeBehind);
      long pendingWindow = WriteBehind.WINDOW / PAGE;
      assertTrue(
          dirtyPages(file) <= pendingWindow,
          "only the last window may still be dirty before close: " + dirtyPages(file));
      writeBehind.close();
    }
    assertEquals(0, dirtyPages(file), "dirty pages after close");
  }

  private static void write(Path file, WriteBehind writeBehind) throws IOException {
    try (FileChannel channel = open(file)) {
      fill(channel, writeBehind);
    }
  }

  private static FileChannel open(Path file) throws IOException {
    return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
  }

  private static void fill(FileChannel channel, WriteBehind writeBehind) throws IOException {
    byte[] data = new byte[CHUNK];
    Random random = new Random(8);
    for (int i = 0; i < CHUNKS; i++) {
      random.nextBytes(data);
      ByteBuffer buffer = ByteBuffer.wrap(data);
      long offset = (long) i * CHUNK;
      while (buffer.hasRemaining()) {
        channel.write(buffer, offset + buffer.position());
      }
      if (writeBehind != null) {
        writeBehind.written(offset, CHUNK);
      }
    }
  }

  /** libc's syscall(2), for cachestat, which glibc has no wrapper for. */
  private interface Syscall extends Library {
    Syscall LIBC = Native.load("libc.so.6", Syscall.class);

    long syscall(long number, Object... arguments);
  }

  private static final long SYS_CACHESTAT = 451; // x86_64 and aarch64 alike

  private static long dirtyPages(Path file) {
    int fd = LibC.INSTANCE.open(file.toString(), 0);
    try (Memory range = new Memory(16);
        Memory stat = new Memory(40)) {
      range.setLong(0, 0);
      range.setLong(8, 0); // to the end of the file
      long result = Syscall.LIBC.syscall(SYS_CACHESTAT, fd, range, stat, 0);
      assertEquals(0, result, "cachestat(2) failed: Linux 6.5 or later is needed for this test");
      return stat.getLong(8); // nr_cache, nr_dirty, nr_writeback, ...
    } finally {
      LibC.INSTANCE.close(fd);
    }
  }
}
