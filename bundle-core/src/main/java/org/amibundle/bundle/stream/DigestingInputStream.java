package org.amibundle.bundle.stream;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;

/** Feeds every byte read through it to a digest; the digest is read when the stream is consumed. */
public final class DigestingInputStream extends FilterInputStream {

  private final MessageDigest digest;
  private long count;
  private byte[] result;

  public DigestingInputStream(InputStream source, MessageDigest digest) {
    super(source);
    this.digest = digest;
  }

  @Override
  public int read() throws IOException {
    int b = in.read();
    if (b >= 0) {
      digest.update((byte) b);
      count++;
    }
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = in.read(b, off, len);
    if (n > 0) {
      digest.update(b, off, n);
      count += n;
    }
    return n;
  }

  /** Skipping reads the bytes, so that the digest covers them. */
  @Override
  public long skip(long n) throws IOException {
    byte[] scratch = new byte[(int) Math.min(n, 64 * 1024)];
    long skipped = 0;
    while (skipped < n) {
      int r = read(scratch, 0, (int) Math.min(scratch.length, n - skipped));
      if (r < 0) {
        break;
      }
      skipped += r;
    }
    return skipped;
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  /** Bytes seen so far. */
  public long count() {
    return count;
  }

  /** Reads what is left of the stream, so that the digest covers all of it; returns bytes read. */
  public long drain() throws IOException {
    return skip(Long.MAX_VALUE);
  }

  /** The digest of everything read; ends the digest, so call it once the stream is consumed. */
  public byte[] digest() {
    if (result == null) {
      result = digest.digest();
    }
    return result.clone();
  }
}
