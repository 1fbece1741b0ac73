package org.amibundle.bundle.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Failures of the next stream surface, close never hangs, and memory stays bounded. */
class ParallelGzipFailureTest {

  private static final Duration NO_HANG = Duration.ofMinutes(1);

  /** Throws on its Nth write call, as Okio's MockSink does; remembers being closed. */
  private static final class FailingOutputStream extends OutputStream {
    private final int failingWrite;
    private final IOException failure = new IOException("disk full (scripted)");
    private int writes;
    private boolean closed;

    FailingOutputStream(int failingWrite) {
      this.failingWrite = failingWrite;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      if (++writes == failingWrite) {
        throw failure;
      }
    }

    @Override
    public void close() {
      closed = true;
    }
  }

  @Test
  void failingNextStream_surfacesOnWriteOrClose_andStillClosesIt() {
    FailingOutputStream sink = new FailingOutputStream(3);
    byte[] data = GzipTestData.random(8 << 20, 1);

    IOException thrown =
        assertTimeoutPreemptively(
            NO_HANG,
            () ->
                assertThrows(
                    IOException.class,
                    () -> {
                      try (var gzip = new ParallelGzipOutputStream(sink, 6, 2, 64 << 10)) {
                        for (int at = 0; at < data.length; at += 1 << 16) {
                          gzip.write(data, at, 1 << 16);
                        }
                      }
                    }));

    assertSame(sink.failure, thrown);
    assertTrue(sink.closed, "next stream closed after the failure");
    assertNoWorkerThreadsLeft();
  }

  @Test
  void failingTrailerWrite_isThrownByClose_whichIsSafeTwice() throws IOException {
    FailingOutputStream sink = new FailingOutputStream(3); // header, the one block, the trailer
    var gzip = new ParallelGzipOutputStream(sink, 6, 2, 1 << 20);
    gzip.write(GzipTestData.compressible(1000, 2));

    IOException thrown =
        assertTimeoutPreemptively(NO_HANG, () -> assertThrows(IOException.class, gzip::close));

    assertSame(sink.failure, thrown);
    assertTrue(sink.closed);
    gzip.close();
    assertThrows(IOException.class, () -> gzip.write(1));
  }

  @Test
  void failingHeaderWrite_failsTheConstructor() {
    FailingOutputStream sink = new FailingOutputStream(1);

    assertSame(
        sink.failure, assertThrows(IOException.class, () -> new ParallelGzipOutputStream(sink)));
  }

  @Test
  void writeAfterAFailure_failsAgain_andCloseReportsTheStreamIncomplete() throws IOException {
    FailingOutputStream sink = new FailingOutputStream(2);
    var gzip = new ParallelGzipOutputStream(sink, 6, 1, 1024);
    byte[] chunk = GzipTestData.random(1024, 3);
    IOException first =
        assertThrows(
            IOException.class,
            () -> {
              for (int i = 0; i < 100; i++) {
                gzip.write(chunk);
              }
            });

    assertSame(first, assertThrows(IOException.class, () -> gzip.write(chunk)).getCause());
    assertSame(first, assertThrows(IOException.class, gzip::close).getCause());
    assertTrue(sink.closed);
  }

  @Test
  void blockedNextStream_holdsBackTheWriter_afterABoundedAmountOfInput() throws Exception {
    int threads = 2;
    int blockSize = 64 << 10;
    int chunk = 4096;
    CountDownLatch blocked = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    ByteArrayOutputStream compressed = new ByteArrayOutputStream();
    OutputStream slowSink =
        new OutputStream() {
          private int writes;

          @Override
          public void write(int b) {
            throw new UnsupportedOperationException();
          }

          @Override
          public void write(byte[] b, int off, int len) throws IOException {
            if (++writes == 2) { // the first block after the header
              blocked.countDown();
              try {
                release.await();
              } catch (InterruptedException e) {
                throw new IOException(e);
              }
            }
            compressed.write(b, off, len);
          }
        };
    byte[] data = GzipTestData.compressible(16 << 20, 5);
    AtomicLong accepted = new AtomicLong();
    AtomicReference<Throwable> writerFailure = new AtomicReference<>();
    Thread writer =
        new Thread(
            () -> {
              try (var gzip = new ParallelGzipOutputStream(slowSink, 6, threads, blockSize)) {
                for (int at = 0; at < data.length; at += chunk) {
                  gzip.write(data, at, chunk);
                  accepted.addAndGet(chunk);
                }
              } catch (Throwable e) {
                writerFailure.set(e);
              }
            });
    writer.start();

    blocked.await();
    long bound = (2L * threads + 1) * blockSize + chunk;
    assertTrue(accepted.get() <= bound, accepted.get() + " bytes taken in, bound " + bound);
    release.countDown();
    writer.join(NO_HANG.toMillis());

    assertEquals(null, writerFailure.get());
    assertEquals(data.length, accepted.get());
    assertArrayEquals(data, GzipTestData.gunzip(compressed.toByteArray()));
  }

  private static void assertNoWorkerThreadsLeft() {
    assertTimeoutPreemptively(
        NO_HANG,
        () -> {
          while (Thread.getAllStackTraces().keySet().stream()
              .anyMatch(t -> t.getName().startsWith("amibundle-gzip-") && t.isAlive())) {
            Thread.sleep(10);
          }
        });
  }
}
