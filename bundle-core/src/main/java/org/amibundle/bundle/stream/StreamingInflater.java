package org.amibundle.bundle.stream;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import java.util.zip.ZipException;
import org.amibundle.bundle.stream.ChunkedInputStream.Chunk;

/**
 * Inflates raw deflate data in one sequence, as {@code gunzip} does, from a point where the data
 * before it is known: its last 32 KiB are the dictionary. Hands out the output a buffer at a time
 * and, once the final block has ended, the bytes after it.
 */
final class StreamingInflater {

  private static final int INPUT = 1 << 16;

  private final InputStream in;
  private final Inflater inflater = new Inflater(true);
  private final byte[] input = new byte[INPUT];
  private final byte[] output;
  private int inputLength;

  StreamingInflater(InputStream in, DeflateWindow window, int chunkSize) {
    this.in = in;
    this.output = new byte[chunkSize];
    window.primeAfterReset(inflater);
  }

  /** The next output, a full buffer unless the data ends; null once the final block has ended. */
  Chunk next() throws IOException {
    int length = 0;
    try {
      while (length < output.length && !inflater.finished()) {
        if (inflater.needsInput()) {
          inputLength = in.read(input);
          if (inputLength < 0) {
            throw new EOFException("Unexpected end of ZLIB input stream");
          }
          inflater.setInput(input, 0, inputLength);
        }
        length += inflater.inflate(output, length, output.length - length);
      }
    } catch (DataFormatException e) {
      throw new ZipException(e.getMessage());
    }
    return length == 0 ? null : new Chunk(output, length);
  }

  /** The bytes after the final block; call once {@link #next()} has returned null. */
  InputStream rest() {
    int remaining = inflater.getRemaining();
    return new SequenceInputStream(
        new ByteArrayInputStream(input, inputLength - remaining, remaining), in);
  }

  void end() {
    inflater.end();
  }
}
