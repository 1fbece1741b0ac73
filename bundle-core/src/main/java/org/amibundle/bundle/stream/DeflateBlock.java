package org.amibundle.bundle.stream;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.zip.Deflater;

/**
 * One block of input and its raw deflate data, compressed on its own: a reset {@link Deflater}, no
 * dictionary from the block before, so an inflater can start at any block. A block ends with a
 * sync flush (the empty stored block {@code 00 00 FF FF}), or, as the last of the stream, with the
 * final block. The buffers and the deflater are reused; the deflater is ended by {@link #end()}.
 */
final class DeflateBlock {

  private final byte[] input;
  private final Deflater deflater;
  private byte[] output;
  private int inputLength;
  private int outputLength;
  private boolean last;

  DeflateBlock(int blockSize, int level) {
    this.input = new byte[blockSize];
    this.deflater = new Deflater(level, true);
    // Room for stored blocks of random data (5 bytes per 64 KiB) and the flush marker; grown if short.
    this.output = new byte[blockSize + (blockSize >> 11) + 64];
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

  /** Writes the compressed data on and empties the block for reuse. */
  void writeTo(OutputStream next) throws IOException {
    next.write(output, 0, outputLength);
    inputLength = 0;
    outputLength = 0;
    last = false;
  }

  void end() {
    deflater.end();
  }
}
