package org.amibundle.bundle.volume;

import java.nio.file.Path;
import org.amibundle.bundle.ProgressListener;
import org.amibundle.bundle.internal.files.AllocatedBytes;
import org.amibundle.bundle.internal.threads.WorkerThreads;

/**
 * How far {@code mke2fs -d} has filled the image, which mke2fs itself does not say: a daemon thread
 * reads the image file's allocated bytes every 200 ms and reports their growth since the watch
 * began to a {@link ProgressListener}, capped at the total (the selected files' bytes); {@link
 * #finish} reports the rest of the total when mke2fs has succeeded. Only the thread reports while
 * it runs; it has ended before anyone else reports again.
 */
final class FillWatch implements AutoCloseable {

  private static final long PERIOD_MILLIS = 200;

  private final Path image;
  private final long total;
  private final ProgressListener listener;
  private final long before;
  private final Thread poller;
  private volatile boolean watching = true;
  private long reported;

  private FillWatch(Path image, long total, ProgressListener listener) {
    this.image = image;
    this.total = total;
    this.listener = listener;
    this.before = AllocatedBytes.of(image).orElse(0L);
    this.poller = new Thread(this::poll, "amibundle-fill-watch");
    poller.setDaemon(true);
  }

  /** Tells {@code listener} that {@code total} bytes are to come and watches {@code image} grow. */
  static FillWatch start(Path image, long total, ProgressListener listener) {
    listener.started(total);
    FillWatch watch = new FillWatch(image, total, listener);
    watch.poller.start();
    return watch;
  }

  private void poll() {
    try {
      while (watching) {
        Thread.sleep(PERIOD_MILLIS);
        AllocatedBytes.of(image).ifPresent(allocated -> reach(Math.min(total, allocated - before)));
      }
    } catch (InterruptedException e) {
      // stopped
    }
  }

  private void reach(long done) {
    if (done > reported) {
      listener.progressed(done - reported);
      reported = done;
    }
  }

  /** The image is filled: stops watching and reports the rest of the total. */
  void finish() {
    close();
    reach(total);
  }

  /** Stops watching and waits for the thread's last report. */
  @Override
  public void close() {
    watching = false;
    poller.interrupt();
    WorkerThreads.awaitEnd(poller);
  }
}
