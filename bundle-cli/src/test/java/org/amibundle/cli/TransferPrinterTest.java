package org.amibundle.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * What a transfer prints: object lines unless --quiet or --json, the progress line only on a
 * console without --batch or --quiet, the totals as JSON fields.
 */
class TransferPrinterTest {

  private final CapturedTerminal captured = new CapturedTerminal();
  private final AtomicLong clock = new AtomicLong();

  private TransferPrinter printer(boolean console, boolean batch) {
    return new TransferPrinter(captured.terminal(console), "Uploaded", batch, clock::get);
  }

  /** Two parts and a manifest, the first part already there, one second per object. */
  private void transfer(TransferPrinter printer) {
    printer.started(3, 2_000_100);
    clock.addAndGet(1_000_000_000L);
    printer.skipped("p/img.part.0", 1_000_000);
    clock.addAndGet(1_000_000_000L);
    printer.transferred("p/img.part.1", 1_000_000);
    clock.addAndGet(1_000_000_000L);
    printer.transferred("p/img.manifest.xml", 100);
    printer.finished();
  }

  @Test
  void onAConsole_theProgressLineIsRedrawnInPlace_andEndsWithTheTotals() {
    transfer(printer(true, false));

    assertEquals(
        "Skipping p/img.part.0\nUploaded p/img.part.1\nUploaded p/img.manifest.xml\n",
        captured.out());
    assertTrue(
        captured.err().contains("\r1.0/2.0 MB, 1/3 objects, 0.0 MB/s, -:-- left"), captured.err());
    assertTrue(
        captured.err().contains("\r2.0/2.0 MB, 2/3 objects, 0.5 MB/s, 0:00 left"), captured.err());
    assertTrue(
        captured.err().endsWith("\r2.0/2.0 MB, 3/3 objects, 0.3 MB/s, 0:00 left\n"),
        captured.err());
  }

  @Test
  void whenStandardErrorIsNoConsole_nothingButTheObjectLinesIsPrinted() {
    transfer(printer(false, false));

    assertEquals(
        "Skipping p/img.part.0\nUploaded p/img.part.1\nUploaded p/img.manifest.xml\n",
        captured.out());
    assertEquals("", captured.err());
  }

  @Test
  void withBatch_noProgressIsShownEvenOnAConsole() {
    transfer(printer(true, true));

    assertEquals(
        "Skipping p/img.part.0\nUploaded p/img.part.1\nUploaded p/img.manifest.xml\n",
        captured.out());
    assertEquals("", captured.err());
  }

  @Test
  void withQuiet_nothingIsPrintedEvenOnAConsole_withJson_onlyTheProgress() throws IOException {
    Terminal quiet = captured.terminal(true);
    quiet.output(true, false);
    transfer(new TransferPrinter(quiet, "Uploaded", false, clock::get));
    assertEquals("", captured.out());
    assertEquals("", captured.err());

    Terminal json = captured.terminal(true);
    json.output(false, true);
    TransferPrinter printer = new TransferPrinter(json, "Uploaded", false, clock::get);
    transfer(printer);
    assertEquals("", captured.out());
    assertTrue(
        captured.err().endsWith("\r2.0/2.0 MB, 3/3 objects, 0.3 MB/s, 0:00 left\n"),
        captured.err());
    json.json(printer::writeTotals);
    assertEquals(
        "{\"objects\":2,\"bytes\":1000100,\"skipped_objects\":1,\"skipped_bytes\":1000000}\n",
        captured.out());
  }
}
