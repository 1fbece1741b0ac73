package org.amibundle.bundle.stream;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Reads its upstream on a background thread, a few chunks ahead of the reader, so that the stages
 * above it (decryption, part checks) run on another core than the stages below (gunzip, tar,
 * writing). A failure upstream is thrown to the reader, with its own type, when the reader reaches
 * it. Memory: {@code depth + 2} buffers of {@code chunkSize} bytes.
 */
public final class ReadAheadInputStream extends ChunkedInputStream {

  /** What the background thread hands over: a chunk, the end, or a failure. */
  private record Handover(byte[] bytes, int length, Throwable failure) {}

  private static final Handover END = new Handover(null, 0, null);

  private final InputStream upstream;
  private final BlockingQueue<Handover> ready;
  private final BlockingQueue<byte[]> free;
  private final Thread reader;
  private byte[] inUse;
  private boolean finished;

  public ReadAheadInputStream(InputStream upstream, int chunkSize, int depth) {
    this.upstream = upstream;
    this.ready = new ArrayBlockingQueue<>(depth + 1);
    this.free = new ArrayBlockingQueue<>(depth + 2);
    for (int i = 0; i < depth + 2; i++) {
      free.add(new byte[chunkSize]);
    }
    this.reader = new Thread(this::readAhead, "amibundle-read-ahead");
    reader.setDaemon(true);
    reader.start();
  }

  private void readAhead() {
    try {
      Handover last;
      try {
        while (true) {
          byte[] buffer = free.take();
          int length = upstream.readNBytes(buffer, 0, buffer.length);
          if (length == 0) {
            break;
          }
          ready.put(new Handover(buffer, length, null));
        }
        last = END;
      } catch (IOException | RuntimeException e) {
        last = new Handover(null, 0, e);
      }
      // Waits for room like any chunk: a failure must never be dropped, or the reader would wait
      // for it forever.
      ready.put(last);
    } catch (InterruptedException e) {
      // closed by the reader: stop
    }
  }

  @Override
  protected Chunk nextChunk() throws IOException {
    if (finished) {
      return null;
    }
    if (inUse != null) {
      free.add(inUse);
      inUse = null;
    }
    Handover next;
    try {
      next = ready.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while reading ahead");
    }
    if (next.failure() instanceof IOException io) {
      finished = true;
      throw io;
    }
    if (next.failure() instanceof RuntimeException runtime) {
      finished = true;
      throw runtime;
    }
    if (next == END) {
      finished = true;
      return null;
    }
    inUse = next.bytes();
    return new Chunk(next.bytes(), next.length());
  }

  /** Stops the background thread and closes the upstream. */
  @Override
  public void close() throws IOException {
    finished = true;
    reader.interrupt();
    try {
      reader.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    upstream.close();
  }
}
