package org.amibundle.bundle.tar;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Counts the bytes read or skipped and remembers whether the stream's end was seen. */
final class CountingInputStream extends FilterInputStream {

  private long count;
  private boolean ended;

  CountingInputStream(InputStream in) {
    super(in);
  }

  long count() {
    return count;
  }

  boolean ended() {
    return ended;
  }

  @Override
  public int read() throws IOException {
    int b = in.read();
    if (b < 0) {
      ended = true;
    } else {
      count++;
    }
    return b;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    int read = in.read(buffer, offset, length);
    if (read < 0) {
      ended = true;
    } else {
      count += read;
    }
    return read;
  }

  @Override
  public long skip(long n) throws IOException {
    long skipped = in.skip(n);
    count += skipped;
    return skipped;
  }

  @Override
  public boolean markSupported() {
    return false;
  }
}
