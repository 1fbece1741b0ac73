package org.amibundle.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.function.LongSupplier;
import org.amibundle.bundle.s3.TransferListener;

/**
 * Prints one line per object on standard output, as the reference tools do ("Uploaded x", "Skipping
 * x"), and, when standard error is a console and the command is not run with {@code --batch} or
 * {@code --quiet}, a progress line there, redrawn after each object (see {@link TransferProgress}).
 * Counts the objects and bytes for {@code --json}.
 */
final class TransferPrinter implements TransferListener {

  private final Terminal terminal;
  private final String done;
  private final boolean showProgress;
  private final LongSupplier clock;
  private TransferProgress progress;
  private int objectsMoved;
  private long bytesMoved;
  private int objectsSkipped;
  private long bytesSkipped;

  /** {@code done}: the verb for a finished object, e.g. "Uploaded". */
  TransferPrinter(Terminal terminal, String done, boolean batch) {
    this(terminal, done, batch, System::nanoTime);
  }

  TransferPrinter(Terminal terminal, String done, boolean batch, LongSupplier clock) {
    this.terminal = terminal;
    this.done = done;
    this.showProgress = terminal.showsProgress(batch);
    this.clock = clock;
  }

  @Override
  public synchronized void started(int objects, long bytes) {
    progress = new TransferProgress(objects, bytes, clock.getAsLong());
  }

  @Override
  public synchronized void transferred(String key, long bytes) {
    report(done + " " + key);
    objectsMoved++;
    bytesMoved += bytes;
    if (progress != null) {
      progress.transferred(bytes);
    }
    showProgress();
  }

  @Override
  public synchronized void skipped(String key, long bytes) {
    report("Skipping " + key);
    objectsSkipped++;
    bytesSkipped += bytes;
    if (progress != null) {
      progress.skipped(bytes);
    }
    showProgress();
  }

  @Override
  public synchronized void finished() {
    if (showProgress && progress != null) {
      terminal.clearStatus();
      terminal.err().println(progress.line(clock.getAsLong()));
    }
  }

  /**
   * The totals as JSON fields: {@code objects} and {@code bytes} moved, {@code skipped_objects} and
   * {@code skipped_bytes} left as they were.
   */
  synchronized void writeTotals(JsonGenerator json) throws IOException {
    json.writeNumberField("objects", objectsMoved);
    json.writeNumberField("bytes", bytesMoved);
    json.writeNumberField("skipped_objects", objectsSkipped);
    json.writeNumberField("skipped_bytes", bytesSkipped);
  }

  private void report(String line) {
    if (showProgress) {
      terminal.clearStatus();
    }
    terminal.out().println(line);
  }

  private void showProgress() {
    if (showProgress && progress != null) {
      terminal.out().flush();
      terminal.status(progress.line(clock.getAsLong()));
    }
  }
}
