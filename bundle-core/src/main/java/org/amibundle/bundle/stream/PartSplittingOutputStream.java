package org.amibundle.bundle.stream;

import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.amibundle.bundle.FinishedPart;
import org.amibundle.bundle.internal.crypto.Digests;

/**
 * Cuts the ciphertext into parts of {@code partSize} bytes (the last one shorter, none empty),
 * taking each part's SHA-1 as it is filled, and hands each finished part to a {@link PartSink}. It
 * holds one part buffer, taken when the part's first byte arrives; the sink decides how many
 * handed-on parts may wait. Buffers of released parts are reused, so a bundle allocates only as
 * many buffers as there are parts held at once, whatever its size. Once the sink has failed,
 * nothing more is handed on: further writes fail, and {@link #close()} does nothing.
 */
public final class PartSplittingOutputStream extends OutputStream {

  private final PartSink sink;
  private final int partSize;
  private final List<SplitPart> parts = new ArrayList<>();
  private final MessageDigest sha1 = Digests.sha1();
  private final Queue<byte[]> released = new ConcurrentLinkedQueue<>();
  private byte[] current;
  private int currentSize;
  private boolean closed;
  private boolean sinkFailed;

  public PartSplittingOutputStream(PartSink sink, long partSize) {
    if (partSize <= 0 || partSize > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(
          "part size must be 1 to " + (Integer.MAX_VALUE - 8) + " bytes, got " + partSize);
    }
    this.sink = sink;
    this.partSize = (int) partSize;
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    if (sinkFailed) {
      throw new IOException("the bundle parts could not be stored: see the first failure");
    }
    while (len > 0) {
      if (current == null) {
        byte[] reused = released.poll();
        current = reused != null ? reused : new byte[partSize];
        currentSize = 0;
      }
      int n = Math.min(len, partSize - currentSize);
      sha1.update(b, off, n);
      System.arraycopy(b, off, current, currentSize, n);
      currentSize += n;
      off += n;
      len -= n;
      if (currentSize == partSize) {
        finishPart();
      }
    }
  }

  private void finishPart() throws IOException {
    byte[] digest = sha1.digest();
    FinishedPart part = new FinishedPart(parts.size(), current, currentSize, digest, released::add);
    current = null;
    parts.add(new SplitPart(part.index(), part.length(), digest));
    try {
      sink.accept(part);
    } catch (IOException | RuntimeException e) {
      sinkFailed = true;
      throw e;
    }
  }

  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    if (current != null && !sinkFailed) {
      finishPart();
    }
  }

  /** The parts cut, in order; complete once the stream is closed. */
  public List<SplitPart> parts() {
    if (!closed) {
      throw new IllegalStateException("parts are known once the stream is closed");
    }
    return List.copyOf(parts);
  }
}
