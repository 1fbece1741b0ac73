package org.amibundle.bundle.stream;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;

/**
 * Forwards every byte to the next stream and feeds it to a digest; the digest is read when done.
 */
public final class DigestingOutputStream extends FilterOutputStream {

  private final MessageDigest digest;
  private long count;
  private byte[] result;

  public DigestingOutputStream(OutputStream next, MessageDigest digest) {
    super(next);
    this.digest = digest;
  }

  @Override
  public void write(int b) throws IOException {
    digest.update((byte) b);
    count++;
    out.write(b);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    digest.update(b, off, len);
    count += len;
    out.write(b, off, len);
  }

  /** Bytes seen so far. */
  public long count() {
    return count;
  }

  /** The digest of everything written; ends the digest, so call it once all bytes are written. */
  public byte[] digest() {
    if (result == null) {
      result = digest.digest();
    }
    return result.clone();
  }
}
