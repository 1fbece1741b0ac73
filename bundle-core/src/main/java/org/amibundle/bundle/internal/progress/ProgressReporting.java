package org.amibundle.bundle.internal.progress;

import java.io.IOException;
import org.amibundle.bundle.ProgressListener;

/**
 * Ends a job's progress reports: {@link ProgressListener#done} or {@link ProgressListener#failed}.
 */
public final class ProgressReporting {

  /** A job that reports its start and its bytes itself. */
  public interface Job<T> {
    T run() throws IOException;
  }

  private ProgressReporting() {}

  /** Runs {@code job}, then tells {@code listener} that it is done, or that it failed and why. */
  public static <T> T reported(ProgressListener listener, Job<T> job) throws IOException {
    T result;
    try {
      result = job.run();
    } catch (IOException | RuntimeException e) {
      listener.failed(e);
      throw e;
    }
    listener.done();
    return result;
  }

  /**
   * {@code listener}'s start and bytes, but not its end: for a part of a larger job, which reports
   * the end itself.
   */
  public static ProgressListener withoutEnd(ProgressListener listener) {
    return new ProgressListener() {
      @Override
      public void started(long totalBytes) {
        listener.started(totalBytes);
      }

      @Override
      public void progressed(long bytes) {
        listener.progressed(bytes);
      }
    };
  }
}
