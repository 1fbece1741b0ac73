package org.amibundle.bundle.internal.output;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import java.nio.file.Path;
import org.amibundle.bundle.internal.nativelib.LibC;

/** What the page cache holds of a file, from {@code cachestat(2)} (Linux 6.5 and later). */
final class PageCache {

  /** A file's pages in the cache, and how many of them are dirty. */
  record Pages(long cached, long dirty) {}

  /** libc's syscall(2), for cachestat, which glibc has no wrapper for. */
  private interface Syscall extends Library {
    Syscall LIBC = Native.load("libc.so.6", Syscall.class);

    long syscall(long number, Object... arguments);
  }

  private static final long SYS_CACHESTAT = 451; // x86_64 and aarch64 alike

  private PageCache() {}

  static Pages of(Path file) {
    int fd = LibC.INSTANCE.open(file.toString(), 0);
    try (Memory range = new Memory(16);
        Memory stat = new Memory(40)) {
      range.setLong(0, 0);
      range.setLong(8, 0); // to the end of the file
      long result = Syscall.LIBC.syscall(SYS_CACHESTAT, fd, range, stat, 0);
      assertEquals(0, result, "cachestat(2) failed: Linux 6.5 or later is needed for this test");
      return new Pages(stat.getLong(0), stat.getLong(8)); // nr_cache, nr_dirty, nr_writeback, ...
    } finally {
      LibC.INSTANCE.close(fd);
    }
  }
}
