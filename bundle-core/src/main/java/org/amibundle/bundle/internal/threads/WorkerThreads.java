package org.amibundle.bundle.internal.threads;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The daemon worker pools of the pipelines (parallel gzip and gunzip, part prefetch, direct writes,
 * S3 transfers): start, wait for, stop.
 */
public final class WorkerThreads {

  private WorkerThreads() {}

  /** A fixed pool of daemon threads named {@code prefix1}, {@code prefix2} ... */
  public static ExecutorService start(String prefix, int threads) {
    AtomicInteger count = new AtomicInteger();
    return Executors.newFixedThreadPool(
        threads,
        task -> {
          Thread thread = new Thread(task, prefix + count.incrementAndGet());
          thread.setDaemon(true);
          return thread;
        });
  }

  /**
   * Waits until {@code thread} has ended, even when interrupted meanwhile: the interrupt is kept.
   */
  public static void awaitEnd(Thread thread) {
    boolean interrupted = false;
    while (thread.isAlive()) {
      try {
        thread.join();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * The task's result. An IOException of the task is thrown as it is (its message names the cause,
   * such as a full disk); any other failure as an IOException naming {@code what}.
   */
  public static <T> T await(Future<T> future, String what) throws IOException {
    try {
      return future.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      throw new IOException(what + " failed: " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted waiting for a " + what);
    }
  }

  /** Stops the pool; true once its threads are idle, so their native state may be freed. */
  public static boolean stop(ExecutorService workers) {
    workers.shutdownNow();
    try {
      return workers.awaitTermination(1, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
