package org.amibundle.bundle.stream;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;

/**
 * Cuts raw deflate data into pieces, each ending just after a flush-point candidate: the bytes
 * {@code 00 00 FF FF} that end the empty stored block of a sync or full flush. A candidate may be
 * data that happens to look so; {@link InflateSegment} finds out. A piece that reaches the size
 * limit without a candidate is cut there and marked as holding none. Not thread-safe.
 */
final class FlushPointSplitter {

  private static final int READ = 1 << 17;

  private final InputStream source;
  private final int maxPiece;
  private byte[] carry = new byte[0];
  private int carryLength;
  private boolean ended;

  FlushPointSplitter(InputStream source, int maxPiece) {
    this.source = source;
    this.maxPiece = maxPiece;
  }

  /**
   * Fills {@code segment} with the next piece.
   *
   * @return false at the end of the data (nothing filled)
   */
  boolean fill(InflateSegment segment) throws IOException {
    byte[] in = segment.input(Math.max(carryLength, Math.min(READ, maxPiece)));
    System.arraycopy(carry, 0, in, 0, carryLength);
    int length = carryLength;
    carryLength = 0;
    int scanned = 0;
    while (true) {
      int cut = candidateEnd(in, scanned, length);
      if (cut > 0) {
        keep(in, cut, length);
        segment.filled(cut, false);
        return true;
      }
      scanned = Math.max(0, length - 3);
      if (length == maxPiece) {
        segment.filled(length, true);
        return true;
      }
      if (ended) {
        segment.filled(length, false);
        return length > 0;
      }
      int want = Math.min(READ, maxPiece - length);
      if (in.length - length < want) {
        in = segment.input(Math.min(maxPiece, Math.max(2 * in.length, length + want)));
      }
      int n = source.read(in, length, want);
      if (n < 0) {
        ended = true;
      } else {
        length += n;
      }
    }
  }

  /** Everything not yet handed out in a piece: the bytes read past the last cut, then the rest. */
  InputStream rest() {
    InputStream kept = new ByteArrayInputStream(carry, 0, carryLength);
    carryLength = 0;
    return new SequenceInputStream(kept, source);
  }

  /**
   * The index just after the first {@code 00 00 FF FF} ending in [from + 3, to), or -1. Looks at
   * every fourth byte: each occurrence holds one of them, and most bytes are neither 00 nor FF.
   */
  private static int candidateEnd(byte[] b, int from, int to) {
    for (int at = from + 3; at < to; at += 4) {
      if (b[at] == 0 || b[at] == (byte) 0xff) {
        for (int end = at; end < Math.min(at + 4, to); end++) {
          if (b[end] == (byte) 0xff
              && b[end - 1] == (byte) 0xff
              && b[end - 2] == 0
              && b[end - 3] == 0) {
            return end + 1;
          }
        }
      }
    }
    return -1;
  }

  private void keep(byte[] in, int from, int to) {
    carryLength = to - from;
    if (carry.length < carryLength) {
      carry = new byte[Math.max(carryLength, READ)];
    }
    System.arraycopy(in, from, carry, 0, carryLength);
  }
}
