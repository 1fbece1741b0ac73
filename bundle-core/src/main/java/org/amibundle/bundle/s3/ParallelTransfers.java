package org.amibundle.bundle.s3;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.amibundle.bundle.internal.threads.WorkerThreads;

/**
 * Runs transfers on a fixed number of threads; the first failure cancels the rest, waits for them
 * to stop, and is thrown.
 */
final class ParallelTransfers {

  /** One transfer. */
  @FunctionalInterface
  interface Transfer {
    void run() throws IOException;
  }

  /** Longer than the HTTP client's default socket timeout (30 s). */
  private static final long STOP_WAIT_SECONDS = 60;

  private ParallelTransfers() {}

  static void runAll(List<Transfer> transfers, int parallelism) throws IOException {
    ExecutorService pool =
        WorkerThreads.start(
            "amibundle-s3-transfer", Math.max(1, Math.min(parallelism, transfers.size())));
    try {
      List<Future<Void>> running = new ArrayList<>();
      for (Transfer transfer : transfers) {
        running.add(
            pool.submit(
                () -> {
                  transfer.run();
                  return null;
                }));
      }
      for (Future<Void> future : running) {
        future.get();
      }
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted during S3 transfers");
    } finally {
      stop(pool);
    }
  }

  /**
   * Interrupts what still runs and waits for it to end, so that no transfer writes anything after
   * {@link #runAll} has returned or thrown. A request blocked on the network ends at the latest
   * when the HTTP client's socket timeout expires; the wait is bounded anyway, and does not hide
   * the failure being thrown.
   */
  private static void stop(ExecutorService pool) {
    pool.shutdownNow();
    try {
      pool.awaitTermination(STOP_WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
