package org.amibundle.bundle.volume;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import org.amibundle.bundle.ProgressListener;

/**
 * A {@link ProgressListener} that keeps what it hears: the starts and ends in order ("started N",
 * "done", "failed") and the bytes done after each report. A report of no bytes, or one outside
 * started and the end, is kept among the ends as "bad report of N bytes" (reports may come from
 * another thread, where a failed assertion would not reach the test).
 */
final class RecordedProgress implements ProgressListener {

  private final List<String> ends = new ArrayList<>();
  private final List<Long> cumulative = new ArrayList<>();
  private long done;

  @Override
  public synchronized void started(long totalBytes) {
    ends.add("started " + totalBytes);
  }

  @Override
  public synchronized void progressed(long bytes) {
    if (bytes <= 0 || ends.size() != 1 || !ends.get(0).startsWith("started")) {
      ends.add("bad report of " + bytes + " bytes");
    }
    done += bytes;
    cumulative.add(done);
    notifyAll();
  }

  @Override
  public synchronized void done() {
    ends.add("done");
  }

  @Override
  public synchronized void failed(Exception failure) {
    ends.add("failed");
  }

  synchronized List<String> ends() {
    return List.copyOf(ends);
  }

  /** The bytes done after each report. */
  synchronized List<Long> cumulative() {
    return List.copyOf(cumulative);
  }

  synchronized long bytesDone() {
    return done;
  }

  /** Waits up to 5 s until {@code bytes} are reported done. */
  synchronized void awaitBytes(long bytes) throws InterruptedException {
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (done < bytes) {
      long left = (deadline - System.nanoTime()) / 1_000_000;
      if (left <= 0) {
        fail("only " + done + " of " + bytes + " bytes reported: " + cumulative);
      }
      wait(left);
    }
  }
}
