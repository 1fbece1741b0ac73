package org.amibundle.bundle.stream;

import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.amibundle.bundle.internal.nativelib.LibDeflate;

/**
 * A piece of raw deflate data cut after a flush-point candidate ({@code 00 00 FF FF}) and its
 * speculative inflation: a reset raw {@link Inflater} with no dictionary, so a back-reference
 * before the piece's start fails ("invalid distance too far back") instead of reading anything. The
 * outcome says whether the piece inflated cleanly and whether it ended exactly at a block boundary;
 * only then may the next piece, inflated on its own, follow it. Given libdeflate, a piece on its
 * own is tried with it first, as it inflates much faster than zlib; it is believed only for the two
 * outcomes it proves the same way (see {@link #attemptWhole()}), and the inflater decides
 * everything else. The buffers, the inflater and libdeflate's decompressor are reused and freed by
 * {@link #end()}.
 */
final class InflateSegment {

  /** What inflating the piece on its own gave. */
  enum Outcome {
    /** Clean, and the piece ends at a deflate block boundary: the next piece may start there. */
    BOUNDARY,
    /** Clean up to the final block; the bytes after it are the gzip trailer and beyond. */
    FINAL,
    /** Clean, but the piece ends inside a block: the candidate was data, not a flush. */
    INSIDE_BLOCK,
    /** Not inflatable on its own: bad data, or it needs the data before it. */
    FAILED,
    /** Inflates to more than the output limit. */
    TOO_LARGE,
    /** Not tried: the piece holds no candidate, it was cut for size. */
    UNSPLIT
  }

  /**
   * Fed to the inflater after the piece: a final stored block holding these 8 bytes. At a block
   * boundary it inflates to exactly them and finishes; inside a stored block it is copied as data,
   * inside a Huffman-coded block it is decoded as codes, and neither gives these bytes and the end.
   */
  private static final byte[] PROBE = {
    0x01, 0x08, 0x00, (byte) 0xf7, (byte) 0xff, 'a', 'm', 'i', 'b', 'u', 'n', 'd', 'l'
  };

  private static final int PROBE_DATA = 8;

  private final Inflater inflater = new Inflater(true);
  private final LibDeflateInflater whole;
  private final int outputLimit;
  private byte[] input;
  private int inputLength;
  private boolean unsplit;
  private byte[] output;
  private int outputLength;
  private int consumed;
  private Outcome outcome;
  private boolean byLibDeflate;

  /**
   * Buffers for {@code initialSize} bytes of output that grow on demand, output up to the limit.
   *
   * @param libDeflate tried first for a piece on its own; null to use the inflater only
   */
  InflateSegment(int initialSize, int outputLimit, LibDeflate libDeflate) {
    this.input = new byte[initialSize];
    this.output = new byte[initialSize + 2 * PROBE_DATA];
    this.outputLimit = outputLimit;
    this.whole = libDeflate == null ? null : new LibDeflateInflater(libDeflate, output.length);
  }

  byte[] input() {
    return input;
  }

  /** The input buffer, grown (contents kept) to hold at least {@code capacity} bytes. */
  byte[] input(int capacity) {
    if (input.length < capacity) {
      input = Arrays.copyOf(input, capacity);
    }
    return input;
  }

  int inputLength() {
    return inputLength;
  }

  /** Sets the piece held in {@link #input()}; {@code cutForSize} means it holds no candidate. */
  void filled(int length, boolean cutForSize) {
    inputLength = length;
    unsplit = cutForSize;
    outcome = null;
  }

  boolean cutForSize() {
    return unsplit;
  }

  Outcome outcome() {
    return outcome;
  }

  byte[] output() {
    return output;
  }

  int outputLength() {
    return outputLength;
  }

  /** Input bytes the final block ended at (for {@link Outcome#FINAL}). */
  int consumed() {
    return consumed;
  }

  /** Whether libdeflate gave the last outcome, not the inflater. */
  boolean byLibDeflate() {
    return byLibDeflate;
  }

  /** Inflates the piece on its own; runs on a worker thread. */
  InflateSegment inflate() {
    return inflateAfter(null);
  }

  /** Inflates the piece with the output before it, if known, as dictionary. */
  InflateSegment inflateAfter(DeflateWindow window) {
    outputLength = 0;
    outcome = unsplit ? Outcome.UNSPLIT : attempt(window);
    return this;
  }

  /** Sets the input to a copy of {@code piece}'s. */
  void copy(InflateSegment piece) {
    filled(0, false);
    append(piece);
  }

  /** Appends {@code piece}'s input to this one's. */
  void append(InflateSegment piece) {
    System.arraycopy(
        piece.input, 0, input(inputLength + piece.inputLength), inputLength, piece.inputLength);
    filled(inputLength + piece.inputLength, false);
  }

  private Outcome attempt(DeflateWindow window) {
    byLibDeflate = false;
    if (window == null && whole != null) {
      Outcome proven = attemptWhole();
      if (proven != null) {
        byLibDeflate = true;
        return proven;
      }
    }
    inflater.reset();
    if (window != null) {
      window.primeAfterReset(inflater);
    }
    inflater.setInput(input, 0, inputLength);
    try {
      if (!inflateAll(outputLimit)) {
        return Outcome.TOO_LARGE;
      }
      if (inflater.finished()) {
        consumed = inputLength - inflater.getRemaining();
        return Outcome.FINAL;
      }
      int data = outputLength;
      boolean boundary = probeInflates(data);
      outputLength = data;
      return boundary ? Outcome.BOUNDARY : Outcome.INSIDE_BLOCK;
    } catch (DataFormatException e) {
      return Outcome.FAILED;
    }
  }

  /**
   * Whether the probe, fed after the piece's {@code data} bytes of output, inflates to itself and
   * the end. Bad data here is the probe's, not the piece's: the piece ends inside a block, a stored
   * block's header for one (its data ending in 00 before the header byte 00 and a length of FF FF
   * is a candidate), and joining the next piece repairs it.
   */
  private boolean probeInflates(int data) {
    inflater.setInput(PROBE);
    try {
      inflateAll(data + PROBE_DATA + 1);
    } catch (DataFormatException e) {
      return false;
    }
    return inflater.finished() && inflater.getRemaining() == 0 && probeAt(data, outputLength);
  }

  /**
   * The piece followed by the probe inflated in one libdeflate call, which stops at the first final
   * block: FINAL if that ends within the piece, BOUNDARY if it is the probe, taken whole, with the
   * probe's bytes last; each only with less output than the limit, as the inflater requires. Null
   * for anything else (bad data, too much output, a final block ending inside the probe, other
   * bytes last), which the inflater then classifies: such pieces are rare, so the second try costs
   * little, and the inflater's answer is the reference.
   *
   * <p>A final stored block with exactly the probe's length of data left after the piece takes the
   * probe as data and ends in its bytes too: that output is left to the inflater ({@link
   * #probeCopied}). Data zlib accepts libdeflate reads to the same blocks and output, so both prove
   * the same (short of the probe's bits, inside a Huffman block, decoding to other output that also
   * ends in its 8 bytes: as unlikely as the probe fooling the inflater). libdeflate also accepts a
   * few codes zlib refuses (literal/length codes 286 and 287, distance codes 30 and 31, block
   * headers declaring them), so a damaged piece the inflater calls FAILED may come out here, with
   * wrong output; the stream then fails at the gzip trailer's CRC-32 instead of at that block.
   */
  private Outcome attemptWhole() {
    if (!whole.inflate(input, inputLength, PROBE, outputLimit + PROBE_DATA)) {
      return null;
    }
    int produced = whole.produced();
    if (output.length < produced) {
      output = new byte[produced];
    }
    whole.copyOutput(output);
    long taken = whole.consumed();
    if (taken <= inputLength && produced < outputLimit) {
      consumed = (int) taken;
      outputLength = produced;
      return Outcome.FINAL;
    }
    int data = produced - PROBE_DATA;
    if (taken == inputLength + PROBE.length
        && data < outputLimit
        && probeAt(data, produced)
        && !probeCopied(produced)) {
      outputLength = data;
      return Outcome.BOUNDARY;
    }
    return null;
  }

  /**
   * Whether the whole probe, header included, ends the first {@code length} bytes of output: it was
   * copied as the data of a final stored block that it filled exactly, which also ends in the
   * probe's data. libdeflate's output alone cannot tell that from a boundary whose output happens
   * to end in the header's bytes, so the inflater, which sees the piece's output apart, decides.
   */
  private boolean probeCopied(int length) {
    return length >= PROBE.length
        && Arrays.equals(output, length - PROBE.length, length, PROBE, 0, PROBE.length);
  }

  /** Whether {@code output[data, length)} is the probe's data, exactly. */
  private boolean probeAt(int data, int length) {
    return data >= 0
        && length == data + PROBE_DATA
        && Arrays.equals(output, data, length, PROBE, PROBE.length - PROBE_DATA, PROBE.length);
  }

  /**
   * Inflates until the input is used up or the data ends; false once the output reaches {@code
   * limit} bytes, however large the buffer has grown, so the outcome depends on the piece only.
   */
  private boolean inflateAll(int limit) throws DataFormatException {
    while (outputLength < limit) {
      if (outputLength == output.length) {
        output = Arrays.copyOf(output, Math.min(limit, 2 * output.length));
      }
      int n = inflater.inflate(output, outputLength, Math.min(output.length, limit) - outputLength);
      outputLength += n;
      if (n == 0 && (inflater.needsInput() || inflater.finished() || inflater.needsDictionary())) {
        return true;
      }
    }
    return false;
  }

  void end() {
    inflater.end();
    if (whole != null) {
      whole.end();
    }
  }
}
