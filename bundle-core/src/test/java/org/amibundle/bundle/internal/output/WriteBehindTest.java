package org.amibundle.bundle.internal.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jna.LastErrorException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Asks the kernel, with {@code cachestat(2)} ({@link PageCache}), how many of a file's cached pages
 * are still dirty: data written with {@link WriteBehind} must already be on its way to the disk,
 * the same data written without it must still wait in the page cache (the control, which also fails
 * if the temporary directory is on a filesystem without write-back, such as tmpfs); and how the
 * background flushes of the disk's cache are scheduled.
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

  @Test
  void flushesInTheBackgroundEverySyncEvery_andCloseWaitsForTheFlush() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    List<Integer> flushed = Collections.synchronizedList(new ArrayList<>());
    WriteBehind writeBehind = flushingInto(flushed, () -> awaitQuietly(release));
    // Only the bookkeeping is exercised: write-back of a range the file does not hold is a no-op.
    long chunk = WriteBehind.WINDOW;
    long at = 0;
    for (; at < WriteBehind.SYNC_EVERY - chunk; at += chunk) {
      writeBehind.written(at, chunk);
    }
    assertEquals(List.of(), flushed, "no flush before SYNC_EVERY bytes went to the disk");
    writeBehind.written(at, chunk);
    at += chunk;
    awaitFlushes(flushed, 1);
    assertTrue(flushed.get(0) >= 0, "flushes the file's descriptor");
    // The flush blocks, yet writing goes on, and no second flush starts while it runs.
    for (long end = at + 3 * WriteBehind.SYNC_EVERY; at < end; at += chunk) {
      writeBehind.written(at, chunk);
    }
    assertEquals(1, flushed.size());

    CompletableFuture<Void> closed = CompletableFuture.runAsync(writeBehind::close);
    Thread.sleep(200);
    assertFalse(closed.isDone(), "close waits for the running flush: it closes its descriptor");
    release.countDown();
    closed.get(10, TimeUnit.SECONDS);
    assertEquals(1, flushed.size(), "close starts no flush of its own: the commit's fsync follows");
  }

  @Test
  void aFailingFlush_isLeftToTheFinalFsync() throws IOException {
    List<Integer> flushed = Collections.synchronizedList(new ArrayList<>());
    WriteBehind writeBehind =
        flushingInto(
            flushed,
            () -> {
              throw new LastErrorException(5);
            });
    for (long at = 0; at < 3 * WriteBehind.SYNC_EVERY; at += WriteBehind.WINDOW) {
      writeBehind.written(at, WriteBehind.WINDOW);
    }
    writeBehind.close();
    assertFalse(flushed.isEmpty());
  }

  /**
   * On an empty file; each flush records its descriptor in {@code flushed}, then runs {@code then}.
   */
  private WriteBehind flushingInto(List<Integer> flushed, Runnable then) throws IOException {
    Path file = Files.createTempFile(directory, "flushed", "");
    return WriteBehind.on(
        file,
        descriptor -> {
          flushed.add(descriptor);
          then.run();
        });
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void awaitFlushes(List<Integer> flushed, int count) throws InterruptedException {
    for (int i = 0; i < 1000 && flushed.size() < count; i++) {
      Thread.sleep(10);
    }
    assertEquals(count, flushed.size());
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

  private static long dirtyPages(Path file) {
    return PageCache.of(file).dirty();
  }
}
