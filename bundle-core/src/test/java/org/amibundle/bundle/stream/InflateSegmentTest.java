package org.amibundle.bundle.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.amibundle.bundle.stream.InflateSegment.Outcome;
import org.junit.jupiter.api.Test;

/** A piece's outcome depends on the piece and the output limit only. */
class InflateSegmentTest {

  /**
   * The probe after a piece just under the limit grows the output buffer past it; the next piece
   * in the same segment is still too large once its output reaches the limit.
   */
  @Test
  void reusedSegment_keepsItsOutputLimit() {
    byte[] under = syncFlushed(999);
    byte[] at = syncFlushed(1000);
    InflateSegment segment = new InflateSegment(16, 1000);
    try {
      assertEquals(Outcome.BOUNDARY, inflate(segment, under));
      assertEquals(Outcome.TOO_LARGE, inflate(segment, at));
    } finally {
      segment.end();
    }
  }

  private static byte[] syncFlushed(int size) {
    return ParallelGunzipInputStreamTest.rawDeflateSyncFlushed(GzipTestData.compressible(size, 7));
  }

  private static Outcome inflate(InflateSegment segment, byte[] piece) {
    System.arraycopy(piece, 0, segment.input(piece.length), 0, piece.length);
    segment.filled(piece.length, false);
    return segment.inflate().outcome();
  }
}
