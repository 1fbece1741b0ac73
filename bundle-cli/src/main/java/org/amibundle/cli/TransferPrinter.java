package org.amibundle.cli;

import java.util.function.LongSupplier;
import org.amibundle.bundle.s3.TransferListener;

/**
 * Prints one line per object on standard output, as the reference tools do ("Uploaded x",
 * "Skipping x"), and, when standard error is a console and the command is not run with
 * {@code --batch}, a progress line there, redrawn after each object (see {@link
 * TransferProgress}).
 */
final class TransferPrinter implements TransferListener {

  private final Terminal terminal;
  private final String done;
  private final boolean showProgress;
  private final LongSupplier clock;
  private TransferProgress progress;

  /** {@code done}: the verb for a finished object, e.g. "Uploaded". */
  TransferPrinter(Terminal terminal, String done, boolean batch) {
    this(terminal, done, batch, System::nanoTime);
  }

  TransferPrinter(Terminal terminal, String done, boolean batch, LongSupplier clock) {
    this.terminal = terminal;
    this.done = done;
    this.showProgress = terminal.console() && !batch;
    this.clock = clock;
  }

  @Override
  public synchronized void started(int objects, long bytes) {
    progress = new TransferProgress(objects, bytes, clock.getAsLong());
  }

  @Override
  public synchronized void transferred(String key, long bytes) {
    report(done + " " + key);
    if (progress != null) {
      progress.transferred(bytes);
    }
    showProgress();
  }

  @Override
  public synchronized void skipped(String key, long bytes) {
    report("Skipping " + key);
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
