package org.amibundle.cli;

import java.util.function.LongSupplier;
import org.amibundle.bundle.ProgressListener;

/**
 * Shows how far a long job (bundle, bundle-vol's clone, unbundle, convert, verify) has got as one
 * line on standard error: bytes done of the total, rate and time left ({@link TransferProgress}),
 * redrawn in place at most five times a second, and printed once more, whole, when the job is done.
 */
final class ProgressPrinter implements ProgressListener {

  private static final long REDRAW_NANOS = 200_000_000L;

  private final Terminal terminal;
  private final LongSupplier clock;
  private TransferProgress progress;
  private long drawn;

  ProgressPrinter(Terminal terminal, LongSupplier clock) {
    this.terminal = terminal;
    this.clock = clock;
  }

  /**
   * A printer when the terminal shows progress (a console, no {@code --batch} or {@code --quiet}),
   * else a listener that does nothing.
   */
  static ProgressListener of(Terminal terminal, boolean batch) {
    return terminal.showsProgress(batch)
        ? new ProgressPrinter(terminal, System::nanoTime)
        : ProgressListener.NONE;
  }

  @Override
  public synchronized void started(long totalBytes) {
    drawn = clock.getAsLong();
    progress = TransferProgress.ofBytes(totalBytes, drawn);
    terminal.status(progress.line(drawn));
  }

  @Override
  public synchronized void progressed(long bytes) {
    progress.moved(bytes);
    long now = clock.getAsLong();
    if (now - drawn >= REDRAW_NANOS) {
      drawn = now;
      terminal.status(progress.line(now));
    }
  }

  @Override
  public synchronized void done() {
    terminal.clearStatus();
    terminal.err().println(progress.line(clock.getAsLong()));
  }

  @Override
  public synchronized void failed(Exception failure) {
    terminal.clearStatus();
  }
}
