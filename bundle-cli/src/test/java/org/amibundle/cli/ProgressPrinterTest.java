package org.amibundle.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;
import org.amibundle.bundle.ProgressListener;
import org.junit.jupiter.api.Test;

/**
 * The progress line of a long job on a fake console: redrawn in place, at most 5 times a second.
 */
class ProgressPrinterTest {

  private final CapturedTerminal captured = new CapturedTerminal();
  private final AtomicLong clock = new AtomicLong();

  @Test
  void onAConsole_theLineIsRedrawnAtMostEveryFifthOfASecond_andEndsWithTheTotals() {
    ProgressListener printer = new ProgressPrinter(captured.terminal(true), clock::get);
    printer.started(4_000_000);
    clock.addAndGet(100_000_000L);
    printer.progressed(1_000_000); // 0.1 s after the last drawing: not drawn
    clock.addAndGet(100_000_000L);
    printer.progressed(1_000_000); // 0.2 s: drawn
    clock.addAndGet(800_000_000L);
    printer.progressed(2_000_000);
    printer.done();

    String blank = " ".repeat(31);
    assertEquals(
        "\r0.0/4.0 MB, 0.0 MB/s, -:-- left"
            + "\r2.0/4.0 MB, 10.0 MB/s, 0:00 left"
            + "\r4.0/4.0 MB, 4.0 MB/s, 0:00 left "
            + "\r"
            + blank
            + "\r"
            + "4.0/4.0 MB, 4.0 MB/s, 0:00 left\n",
        captured.err());
    assertEquals("", captured.out());
  }

  @Test
  void aFailure_clearsTheLine() {
    ProgressListener printer = new ProgressPrinter(captured.terminal(true), clock::get);
    printer.started(4_000_000);
    clock.addAndGet(1_000_000_000L);
    printer.progressed(1_000_000);
    printer.failed(new IOException("disk full"));
    String shown = "\r0.0/4.0 MB, 0.0 MB/s, -:-- left\r1.0/4.0 MB, 1.0 MB/s, 0:03 left";
    assertEquals(shown + "\r" + " ".repeat(31) + "\r", captured.err());
  }

  @Test
  void withoutAConsole_orWithBatchOrQuiet_nothingListens() {
    assertSame(ProgressListener.NONE, ProgressPrinter.of(captured.terminal(false), false));
    assertSame(ProgressListener.NONE, ProgressPrinter.of(captured.terminal(true), true));
    Terminal quiet = captured.terminal(true);
    quiet.output(true, false);
    assertSame(ProgressListener.NONE, ProgressPrinter.of(quiet, false));
    Terminal json = captured.terminal(true);
    json.output(false, true);
    assertEquals(ProgressPrinter.class, ProgressPrinter.of(json, false).getClass());
  }
}
