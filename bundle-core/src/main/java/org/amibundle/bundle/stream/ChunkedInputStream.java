package org.amibundle.bundle.stream;

import java.io.IOException;
import java.io.InputStream;

/**
 * An input stream that produces its bytes a chunk at a time: a subclass hands out the next chunk
 * from {@link #nextChunk}; this class serves reads from it.
 */
abstract class ChunkedInputStream extends InputStream {

  /** A chunk: {@code length} bytes of {@code bytes} from index 0. */
  record Chunk(byte[] bytes, int length) {}

  private byte[] chunk = new byte[0];
  private int position;
  private int limit;

  /** The next chunk (possibly empty), or null at the end of the stream. */
  protected abstract Chunk nextChunk() throws IOException;

  @Override
  public final int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public final int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    while (position == limit) {
      Chunk next = nextChunk();
      if (next == null) {
        return -1;
      }
      chunk = next.bytes();
      limit = next.length();
      position = 0;
    }
    int n = Math.min(len, limit - position);
    System.arraycopy(chunk, position, b, off, n);
    position += n;
    return n;
  }
}
