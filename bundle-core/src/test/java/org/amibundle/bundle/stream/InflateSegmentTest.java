package org.amibundle.bundle.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.zip.Deflater;
import org.amibundle.bundle.stream.InflateSegment.Outcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A piece's outcome, output and final-block end are the same whether libdeflate or the Inflater
 * inflates it, depend on the piece and the output limit only, and libdeflate answers exactly the
 * pieces it can prove: ending at a block boundary or in the final block. Known answers for the edge
 * cases; {@link InflateSegmentPropertyTest} cuts streams anywhere.
 */
class InflateSegmentTest {

  private static final byte[] MARKER = {0, 0, (byte) 0xff, (byte) 0xff};
  private static final int LIMIT = 1 << 20;

  @Test
  void syncFlushedPiece_endsAtABoundary_provenByLibDeflate() {
    byte[] data = GzipTestData.compressible(50_000, 1);

    Inflated piece = inflateBothWays(ParallelGunzipInputStreamTest.rawDeflateSyncFlushed(data));

    assertEquals(Outcome.BOUNDARY, piece.outcome());
    assertArrayEquals(data, piece.output());
    assertTrue(piece.byLibDeflate());
  }

  @Test
  void finishedStreamWithTheTrailerAfterIt_isFinal_consumedUpToItsLastBlock() {
    byte[] data = GzipTestData.compressible(50_000, 2);
    byte[] deflated = deflateFinished(data, 6);
    byte[] trailerAndMore = GzipTestData.random(8 + 21, 3);

    Inflated piece =
        inflateBothWays(ParallelGunzipInputStreamTest.concat(deflated, trailerAndMore));

    assertEquals(Outcome.FINAL, piece.outcome());
    assertArrayEquals(data, piece.output());
    assertEquals(deflated.length, piece.consumed());
    assertTrue(piece.byLibDeflate());
  }

  @Test
  void pieceEndingWithTheFinalBlock_isFinal_consumedWhole() {
    byte[] data = GzipTestData.random(3000, 4);
    byte[] deflated = deflateFinished(data, 6);

    Inflated piece = inflateBothWays(deflated);

    assertEquals(Outcome.FINAL, piece.outcome());
    assertArrayEquals(data, piece.output());
    assertEquals(deflated.length, piece.consumed());
  }

  /** Nothing before the probe: the probe is the whole stream and ends at its own boundary. */
  @Test
  void emptyPiece_isABoundaryWithNoOutput() {
    Inflated piece = inflateBothWays(new byte[0]);

    assertEquals(Outcome.BOUNDARY, piece.outcome());
    assertEquals(0, piece.output().length);
    assertTrue(piece.byLibDeflate());
  }

  /** The empty stored block of a flush, header byte and marker: the probe's final block follows. */
  @Test
  void emptyStoredBlock_isABoundaryWhoseFinalBlockIsTheProbe() {
    Inflated piece = inflateBothWays(new byte[] {0, 0, 0, (byte) 0xff, (byte) 0xff});

    assertEquals(Outcome.BOUNDARY, piece.outcome());
    assertEquals(0, piece.output().length);
    assertTrue(piece.byLibDeflate());
  }

  /**
   * Read as a stored block header, the marker alone is a length with half its complement: the piece
   * ends inside the header, and the probe after it cannot be the rest.
   */
  @Test
  void theMarkerAlone_endsInsideAStoredBlockHeader_decidedByTheInflater() {
    Inflated piece = inflateBothWays(MARKER);

    assertEquals(Outcome.INSIDE_BLOCK, piece.outcome());
    assertFalse(piece.byLibDeflate());
  }

  /**
   * Stored data ending in 00, then the next stored block's header byte 00 and a length of FF FF: a
   * candidate across the two blocks. The piece cut there ends inside the second block's header (its
   * data inflate cleanly); so it is repaired by joining the next piece, not given up on.
   */
  @Test
  void candidateAcrossStoredBlocks_endsInsideTheHeader_notFailed() {
    byte[] first = {'x', 'y', 0};
    byte[] piece = {
      0,
      3,
      0,
      (byte) 0xfc,
      (byte) 0xff, // stored block: header byte, LEN 3, NLEN
      first[0],
      first[1],
      first[2],
      0,
      (byte) 0xff,
      (byte) 0xff // the next stored block's header byte and LEN 65535
    };
    assertEquals(
        piece.length, ParallelGunzipInputStreamTest.indexOf(piece, MARKER, 0) + MARKER.length);

    Inflated inflated = inflateBothWays(piece);

    assertEquals(Outcome.INSIDE_BLOCK, inflated.outcome());
    assertArrayEquals(first, inflated.output());
  }

  @Test
  void markerInsideStoredData_endsInsideTheBlock_decidedByTheInflater() {
    byte[] data = GzipTestData.random(5000, 5);
    System.arraycopy(MARKER, 0, data, 3000, MARKER.length);
    Deflater stored = new Deflater(0, true);
    byte[] deflated = flushed(stored, data, Deflater.SYNC_FLUSH);
    stored.end();
    int cut = ParallelGunzipInputStreamTest.indexOf(deflated, MARKER, 0) + MARKER.length;

    Inflated piece = inflateBothWays(Arrays.copyOf(deflated, cut));

    assertEquals(Outcome.INSIDE_BLOCK, piece.outcome());
    assertFalse(piece.byLibDeflate());
  }

  /**
   * A final stored block of 5 bytes whose data is not in the piece: libdeflate takes the probe's
   * first 5 bytes as that data and ends there, inside the probe, which proves nothing.
   */
  @Test
  void finalBlockEndingInsideTheProbe_endsInsideTheBlock_decidedByTheInflater() {
    Inflated piece = inflateBothWays(new byte[] {1, 5, 0, (byte) 0xfa, (byte) 0xff});

    assertEquals(Outcome.INSIDE_BLOCK, piece.outcome());
    assertFalse(piece.byLibDeflate());
  }

  /** The second of two sync-flushed halves of one deflate stream refers back into the first. */
  @Test
  void pieceReferringBeforeItsStart_fails_decidedByTheInflater() {
    byte[] text = GzipTestData.compressible(20_000, 6);
    Deflater deflater = new Deflater(6, true);
    byte[] first = flushed(deflater, Arrays.copyOf(text, 10_000), Deflater.SYNC_FLUSH);
    byte[] second =
        flushed(deflater, Arrays.copyOfRange(text, 10_000, 20_000), Deflater.SYNC_FLUSH);
    deflater.end();
    assertTrue(first.length > 0);

    Inflated piece = inflateBothWays(second);

    assertEquals(Outcome.FAILED, piece.outcome());
    assertFalse(piece.byLibDeflate());
  }

  /** The Inflater calls a piece too large once its output reaches the limit; libdeflate agrees. */
  @Test
  void outputReachingTheLimit_isTooLarge_oneByteLessIsUsed() {
    byte[] data = GzipTestData.compressible(1000, 7);
    byte[] synced = syncFlushed(1000);
    byte[] finished = deflateFinished(data, 6);

    assertEquals(Outcome.TOO_LARGE, inflateBothWays(synced, 1000).outcome());
    assertEquals(Outcome.TOO_LARGE, inflateBothWays(finished, 1000).outcome());
    assertEquals(Outcome.BOUNDARY, inflateBothWays(synced, 1001).outcome());
    assertEquals(Outcome.FINAL, inflateBothWays(finished, 1001).outcome());
    assertTrue(inflateBothWays(synced, 1001).byLibDeflate());
  }

  /**
   * The probe after a piece just under the limit grows the output buffer past it; the next piece in
   * the same segment is still too large once its output reaches the limit.
   */
  @ParameterizedTest
  @EnumSource(Inflation.class)
  void reusedSegment_keepsItsOutputLimit(Inflation inflation) {
    byte[] under = syncFlushed(999);
    byte[] at = syncFlushed(1000);
    InflateSegment segment = inflation.segment(1000);
    try {
      assertEquals(Outcome.BOUNDARY, inflate(segment, under).outcome());
      assertEquals(Outcome.TOO_LARGE, inflate(segment, at).outcome());
    } finally {
      segment.end();
    }
  }

  @Test
  void pieceCutForSize_isNotTried() {
    InflateSegment segment = Inflation.LIBDEFLATE.segment(LIMIT);
    try {
      byte[] synced = syncFlushed(100);
      System.arraycopy(synced, 0, segment.input(synced.length), 0, synced.length);
      segment.filled(synced.length, true);

      assertEquals(Outcome.UNSPLIT, segment.inflate().outcome());
      assertEquals(0, segment.outputLength());
      assertFalse(segment.byLibDeflate());
    } finally {
      segment.end();
    }
  }

  /** What a segment made of a piece; {@code consumed} only for {@link Outcome#FINAL}. */
  record Inflated(Outcome outcome, byte[] output, int consumed, boolean byLibDeflate) {}

  static Inflated inflateBothWays(byte[] piece) {
    return inflateBothWays(piece, LIMIT);
  }

  /**
   * Inflates {@code piece} with libdeflate first and with the Inflater alone, asserts that both
   * give the same outcome, output and final-block end, and returns libdeflate's.
   */
  static Inflated inflateBothWays(byte[] piece, int outputLimit) {
    Inflated fast = inflate(Inflation.LIBDEFLATE, piece, outputLimit);
    Inflated reference = inflate(Inflation.INFLATER, piece, outputLimit);
    assertEquals(reference.outcome(), fast.outcome(), "outcome");
    assertArrayEquals(reference.output(), fast.output(), "output");
    assertEquals(reference.consumed(), fast.consumed(), "input taken by the final block");
    assertFalse(reference.byLibDeflate());
    return fast;
  }

  private static Inflated inflate(Inflation inflation, byte[] piece, int outputLimit) {
    InflateSegment segment = inflation.segment(outputLimit);
    try {
      return inflate(segment, piece);
    } finally {
      segment.end();
    }
  }

  private static Inflated inflate(InflateSegment segment, byte[] piece) {
    System.arraycopy(piece, 0, segment.input(piece.length), 0, piece.length);
    segment.filled(piece.length, false);
    segment.inflate();
    return new Inflated(
        segment.outcome(),
        Arrays.copyOf(segment.output(), segment.outputLength()),
        segment.outcome() == Outcome.FINAL ? segment.consumed() : -1,
        segment.byLibDeflate());
  }

  /** Text-like bytes deflated and sync-flushed: a piece ending at a block boundary. */
  private static byte[] syncFlushed(int size) {
    return ParallelGunzipInputStreamTest.rawDeflateSyncFlushed(GzipTestData.compressible(size, 7));
  }

  /** Raw deflate of {@code data} at {@code level}, ending in the final block. */
  static byte[] deflateFinished(byte[] data, int level) {
    Deflater deflater = new Deflater(level, true);
    byte[] deflated = finished(deflater, data);
    deflater.end();
    return deflated;
  }

  /** What {@code deflater} gives for {@code data} and then the final block. */
  static byte[] finished(Deflater deflater, byte[] data) {
    deflater.setInput(data);
    deflater.finish();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[1 << 16];
    while (!deflater.finished()) {
      out.write(buffer, 0, deflater.deflate(buffer));
    }
    return out.toByteArray();
  }

  /** What {@code deflater} gives for {@code data} followed by {@code flush} (sync or full). */
  static byte[] flushed(Deflater deflater, byte[] data, int flush) {
    deflater.setInput(data);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[1 << 16];
    int n;
    do {
      n = deflater.deflate(buffer, 0, buffer.length, flush);
      out.write(buffer, 0, n);
    } while (n == buffer.length);
    return out.toByteArray();
  }
}
