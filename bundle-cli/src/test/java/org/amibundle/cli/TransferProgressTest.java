package org.amibundle.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The progress line's figures, with times given as the transfer would see them. */
class TransferProgressTest {

  private static final long SECOND = 1_000_000_000L;

  @Test
  void rateAndTimeLeft_comeFromTheBytesMovedSoFar() {
    TransferProgress progress = new TransferProgress(11, 104_900_000, 5 * SECOND);
    for (int i = 0; i < 4; i++) {
      progress.transferred(10_485_760);
    }

    // 41.9 MB in 4 s: 10.5 MB/s; 63.0 MB left take 6 s.
    assertEquals("41.9/104.9 MB, 4/11 objects, 10.5 MB/s, 0:06 left", progress.line(9 * SECOND));
  }

  @Test
  void skippedObjects_countAsDone_butNotIntoTheRate() {
    TransferProgress progress = new TransferProgress(3, 30_000_000, 0);
    progress.skipped(10_000_000);
    progress.skipped(10_000_000);
    progress.transferred(5_000_000);

    // 5 MB moved in 10 s: 0.5 MB/s; 5 MB left take 10 s.
    assertEquals("25.0/30.0 MB, 3/3 objects, 0.5 MB/s, 0:10 left", progress.line(10 * SECOND));
  }

  @Test
  void beforeAnyByteMoved_theTimeLeftIsUnknown() {
    TransferProgress progress = new TransferProgress(2, 2_000_000, 0);

    assertEquals("0.0/2.0 MB, 0/2 objects, 0.0 MB/s, -:-- left", progress.line(0));
    assertEquals("0.0/2.0 MB, 0/2 objects, 0.0 MB/s, -:-- left", progress.line(3 * SECOND));
  }

  @Test
  void durations_showHoursOnlyWhenThereAreSome() {
    assertEquals("0:00", TransferProgress.duration(0));
    assertEquals("1:15", TransferProgress.duration(75));
    assertEquals("59:59", TransferProgress.duration(3599));
    assertEquals("1:02:05", TransferProgress.duration(3725));
  }

  @Test
  void negativeTotals_areRefused() {
    assertThrows(IllegalArgumentException.class, () -> new TransferProgress(-1, 0, 0));
    assertThrows(IllegalArgumentException.class, () -> new TransferProgress(0, -1, 0));
  }
}
