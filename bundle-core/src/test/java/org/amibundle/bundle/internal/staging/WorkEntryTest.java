package org.amibundle.bundle.internal.staging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Work entries stopped while threads still write into them, as a shutdown hook stops them. */
class WorkEntryTest {

  private static final int WRITERS = 4;

  @TempDir Path work;

  @Test
  void writersStillAtWorkWhenTheProcessStops_cannotCreateAFileAfterTheRemoval() throws Exception {
    WorkEntry entry = WorkEntry.directory(work, "disk.img");
    AtomicInteger written = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
    List<Future<IOException>> writers = new ArrayList<>();
    for (int w = 0; w < WRITERS; w++) {
      int writer = w;
      writers.add(pool.submit(() -> writeUntilRefused(entry, writer, written)));
    }
    while (written.get() < 200) {
      Thread.sleep(1);
    }

    entry.stop();

    for (Future<IOException> writer : writers) {
      assertInstanceOf(InterruptedIOException.class, writer.get(), "each writer is refused");
    }
    pool.shutdown();
    assertEquals(List.of(), names(work), "the entry is gone and nothing was made again in it");
  }

  @Test
  void aStoppedEntry_refusesToBeMadeAgain_andClosingItAfterwardsIsHarmless() throws Exception {
    WorkEntry entry = WorkEntry.file(work, "disk.img");
    Files.write(entry.path(), new byte[10]);

    entry.stop();
    entry.close();

    assertEquals(List.of(), names(work));
    assertTrue(Files.notExists(entry.path()));
  }

  /** Writes new files into the entry until it refuses; returns the refusal. */
  private static IOException writeUntilRefused(WorkEntry entry, int writer, AtomicInteger written) {
    for (int i = 0; ; i++) {
      Path file = entry.path().resolve(writer + "-" + i);
      try {
        entry.guarded(() -> Files.write(file, new byte[512]));
        written.incrementAndGet();
      } catch (IOException e) {
        return e;
      }
    }
  }

  private static List<String> names(Path directory) throws IOException {
    try (Stream<Path> files = Files.list(directory)) {
      return files.map(f -> f.getFileName().toString()).sorted().toList();
    }
  }
}
