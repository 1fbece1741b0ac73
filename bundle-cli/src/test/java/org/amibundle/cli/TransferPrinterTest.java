package org.amibundle.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * What a transfer prints: object lines unless --quiet or --json, the progress line only on a
 * console without --batch or --quiet, the totals as JSON fields.
 */
class TransferPrinterTest {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final AtomicLong clock = new AtomicLong();

  private Terminal terminal(boolean console) {
    return new Terminal(
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8),
        new ByteArrayInputStream(new byte[0]),
        Map.of(),
        console);
  }

  private TransferPrinter printer(boolean console, boolean batch) {
    return new TransferPrinter(terminal(console), "Uploaded", batch, clock::get);
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

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void onAConsole_theProgressLineIsRedrawnInPlace_andEndsWithTheTotals() {
    transfer(printer(true, false));

    assertEquals("Skipping p/img.part.0\nUploaded p/img.part.1\nUploaded p/img.manifest.xml\n", out());
    assertTrue(err().contains("\r1.0/2.0 MB, 1/3 objects, 0.0 MB/s, -:-- left"), err());
    assertTrue(err().contains("\r2.0/2.0 MB, 2/3 objects, 0.5 MB/s, 0:00 left"), err());
    assertTrue(err().endsWith("\r2.0/2.0 MB, 3/3 objects, 0.3 MB/s, 0:00 left\n"), err());
  }

  @Test
  void whenStandardErrorIsNoConsole_nothingButTheObjectLinesIsPrinted() {
    transfer(printer(false, false));

    assertEquals("Skipping p/img.part.0\nUploaded p/img.part.1\nUploaded p/img.manifest.xml\n", out());
    assertEquals("", err());
  }

  @Test
  void withBatch_noProgressIsShownEvenOnAConsole() {
    transfer(printer(true, true));

    assertEquals("Skipping p/img.part.0\nUploaded p/img.part.1\nUploaded p/img.manifest.xml\n", out());
    assertEquals("", err());
  }

  @Test
  void withQuiet_nothingIsPrintedEvenOnAConsole_withJson_onlyTheProgress() throws IOException {
    Terminal quiet = terminal(true);
    quiet.output(true, false);
    transfer(new TransferPrinter(quiet, "Uploaded", false, clock::get));
    assertEquals("", out());
    assertEquals("", err());

    Terminal json = terminal(true);
    json.output(false, true);
    TransferPrinter printer = new TransferPrinter(json, "Uploaded", false, clock::get);
    transfer(printer);
    assertEquals("", out());
    assertTrue(err().endsWith("\r2.0/2.0 MB, 3/3 objects, 0.3 MB/s, 0:00 left\n"), err());
    json.json(printer::writeTotals);
    assertEquals(
        "{\"objects\":2,\"bytes\":1000100,\"skipped_objects\":1,\"skipped_bytes\":1000000}\n",
        out());
  }
}
