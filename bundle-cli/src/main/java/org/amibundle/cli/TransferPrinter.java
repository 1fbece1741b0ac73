package org.amibundle.cli;

import org.amibundle.bundle.s3.TransferListener;

/** Prints one line per object, as the reference tools do: "Uploaded x", "Skipping x". */
final class TransferPrinter implements TransferListener {

  private final Terminal terminal;
  private final String done;

  /** {@code done}: the verb for a finished object, e.g. "Uploaded". */
  TransferPrinter(Terminal terminal, String done) {
    this.terminal = terminal;
    this.done = done;
  }

  @Override
  public void transferred(String key, long bytes) {
    terminal.out().println(done + " " + key);
  }

  @Override
  public void skipped(String key) {
    terminal.out().println("Skipping " + key);
  }
}
