package org.amibundle.bundle.stream;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.zip.Deflater;
import org.amibundle.bundle.internal.nativelib.LibDeflate;
import org.amibundle.bundle.internal.nativelib.LibZ;

/**
 * One block of input and its raw deflate data, compressed on its own: by libdeflate where it and
 * zlib load ({@link LibDeflateDeflater}), else by a reset {@link Deflater}; no dictionary from the
 * block before, so an inflater can start at any block. A block ends with a sync flush (the empty
 * stored block {@code 00 00 FF FF}), or, as the last of the stream, with the final block. The
 * buffers and the deflaters are reused; they are ended by {@link #end()}.
 *
 * <p>A block whose data is compressed or encrypted already is stored, not deflated: four samples
 * spread over it are deflated at level 1 first, and if none shrinks by 1% the deflate search at the
 * chosen level could only cost time (zlib would end up emitting stored blocks itself, as it does
 * for random data). The probe costs level 1 on 64 KiB of each 1 MiB block.
 */
final class DeflateBlock {

  /** Bytes in each compressibility sample, and how many samples a block has. */
  static final int SAMPLE = 16 << 10;

  static final int SAMPLES = 4;

  private final byte[] input;
  private final int level;

  /** One of the two is null. */
  private final LibDeflateDeflater libDeflater;

  private final Deflater compressor;
  private final Deflater storer;
  private final Deflater probe;
  private final byte[] probeOutput = new byte[SAMPLE + 64];
  private boolean stored;
  private byte[] output;
  private int inputLength;
  private int outputLength;
  private boolean last;

  /** Deflated with {@code libDeflate} (and zlib) if not null and zlib loads, else by Deflater. */
  DeflateBlock(int blockSize, int level, LibDeflate libDeflate) {
    this.input = new byte[blockSize];
    this.level = level;
    boolean nativeDeflate = libDeflate != null && LibZ.INSTANCE != null;
    this.libDeflater =
        nativeDeflate ? new LibDeflateDeflater(libDeflate, LibZ.INSTANCE, level, blockSize) : null;
    this.compressor = nativeDeflate ? null : new Deflater(level, true);
    this.storer = new Deflater(Deflater.NO_COMPRESSION, true);
    this.probe = new Deflater(Deflater.BEST_SPEED, true);
    // Room for stored blocks of random data (5 bytes per 64 KiB) and the flush marker; grown if
    // short.
    int room = blockSize + (blockSize >> 11) + 64;
    this.output = new byte[nativeDeflate ? Math.max(room, libDeflater.maxOutput()) : room];
  }

  /** Copies as much of {@code b} as fits; returns how many bytes were taken. */
  int fill(byte[] b, int off, int len) {
    int n = Math.min(len, input.length - inputLength);
    System.arraycopy(b, off, input, inputLength, n);
    inputLength += n;
    return n;
  }

  boolean isFull() {
    return inputLength == input.length;
  }

  void markLast() {
    last = true;
  }

  /** Compresses the input; runs on a worker thread. */
  DeflateBlock deflate() {
    stored = !compressible();
    if (!stored && libDeflater != null) {
      outputLength = libDeflater.deflate(input, inputLength, last, output);
      return this;
    }
    Deflater deflater = stored ? storer : compressor;
    deflater.reset();
    deflater.setInput(input, 0, inputLength);
    if (last) {
      deflater.finish();
    }
    int flush = last ? Deflater.NO_FLUSH : Deflater.SYNC_FLUSH;
    outputLength = 0;
    boolean done;
    do {
      if (outputLength == output.length) {
        output = Arrays.copyOf(output, 2 * output.length);
      }
      int room = output.length - outputLength;
      int n = deflater.deflate(output, outputLength, room, flush);
      outputLength += n;
      // A sync flush is complete once it leaves room to spare (Deflater.deflate javadoc).
      done = last ? deflater.finished() : n < room;
    } while (!done);
    return this;
  }

  /**
   * Whether deflating can gain anything: some sample shrinks by more than 1% at level 1. Blocks too
   * small to sample, and every block at level 1, are deflated.
   */
  private boolean compressible() {
    if (level <= Deflater.BEST_SPEED || inputLength < SAMPLES * SAMPLE) {
      return true;
    }
    for (int i = 0; i < SAMPLES; i++) {
      int from = (int) ((long) (inputLength - SAMPLE) * i / (SAMPLES - 1));
      probe.reset();
      probe.setInput(input, from, SAMPLE);
      probe.finish();
      long written = 0;
      while (!probe.finished()) {
        written += probe.deflate(probeOutput);
      }
      if (written < SAMPLE - SAMPLE / 100) {
        return true;
      }
    }
    return false;
  }

  /** Whether the last {@link #deflate()} stored the block instead of deflating it. */
  boolean stored() {
    return stored;
  }

  /** Writes the compressed data on and empties the block for reuse. */
  void writeTo(OutputStream next) throws IOException {
    next.write(output, 0, outputLength);
    inputLength = 0;
    outputLength = 0;
    last = false;
  }

  void end() {
    if (libDeflater != null) {
      libDeflater.end();
    } else {
      compressor.end();
    }
    storer.end();
    probe.end();
  }
}
