package org.amibundle.bundle.s3;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Runs transfers on a fixed number of threads; the first failure cancels the rest and is thrown. */
final class ParallelTransfers {

  /** One transfer. */
  @FunctionalInterface
  interface Transfer {
    void run() throws IOException;
  }

  private ParallelTransfers() {}

  static void runAll(List<Transfer> transfers, int parallelism) throws IOException {
    ExecutorService pool =
        Executors.newFixedThreadPool(
            Math.max(1, Math.min(parallelism, transfers.size())),
            r -> {
              Thread thread = new Thread(r, "amibundle-s3-transfer");
              thread.setDaemon(true);
              return thread;
            });
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
      pool.shutdownNow();
    }
  }
}
