package org.amibundle.bundle.stream;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.security.MessageDigest;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.amibundle.IntegrityException;
import org.amibundle.NotFoundException;
import org.amibundle.bundle.PartBytes;
import org.amibundle.bundle.PartFetcher;
import org.amibundle.bundle.internal.crypto.Digests;
import org.amibundle.bundle.internal.threads.WorkerThreads;
import org.amibundle.manifest.Part;

/**
 * The ciphertext of a bundle, part after part. Each part is fetched whole and its SHA-1 checked
 * against the manifest <em>before</em> any of its bytes is handed on, so damaged or foreign data
 * never reaches the decryptor or the image. The next part is fetched and checked on a background
 * thread while the current one is read, into the buffer of the part before: at most two parts are
 * held in memory, and the two buffers serve the whole bundle.
 */
public final class VerifiedPartsInputStream extends ChunkedInputStream {

  private static final int CLOSE_WAIT_SECONDS = 10;

  private final List<Part> parts;
  private final PartFetcher fetcher;
  private final PartChecks checks;
  private final ExecutorService prefetcher;
  private Future<PartBytes> next;

  /** The array of the part being read; free for a fetch once the next part is taken. */
  private byte[] reading = new byte[0];

  private byte[] free = new byte[0];
  private int nextIndex;
  private boolean closed;

  /** Telling {@code checks} of each part's check as it is made. */
  public VerifiedPartsInputStream(List<Part> parts, PartFetcher fetcher, PartChecks checks) {
    this.parts = List.copyOf(parts);
    this.fetcher = fetcher;
    this.checks = checks;
    this.prefetcher = WorkerThreads.start("amibundle-part-prefetch", 1);
    scheduleNext();
  }

  private void scheduleNext() {
    if (nextIndex < parts.size()) {
      Part part = parts.get(nextIndex++);
      byte[] buffer = free;
      next = prefetcher.submit(() -> fetchChecked(part, buffer));
    } else {
      next = null;
    }
  }

  private PartBytes fetchChecked(Part part, byte[] buffer) throws IOException {
    PartBytes bytes;
    try {
      bytes = checked(part, fetcher.fetch(part, buffer));
    } catch (NotFoundException | IntegrityException e) {
      checks.failed(part, e);
      throw e;
    }
    checks.passed(part, bytes);
    return bytes;
  }

  /**
   * Returns {@code bytes} if their SHA-1 is the one the manifest gives for {@code part}.
   *
   * @throws IntegrityException naming the part, the actual and the expected SHA-1
   */
  public static PartBytes checked(Part part, PartBytes bytes) throws IntegrityException {
    MessageDigest sha1 = Digests.sha1();
    sha1.update(bytes.array(), 0, bytes.length());
    String actual = Digests.hex(sha1.digest());
    if (!part.digest().matches(actual)) {
      throw new IntegrityException(
          "part "
              + part.filename()
              + " is damaged or belongs to another bundle: its SHA-1 is "
              + actual
              + ", the manifest says "
              + part.digest().hex()
              + " ("
              + bytes.length()
              + " bytes read); fetch the part again");
    }
    return bytes;
  }

  @Override
  protected Chunk nextChunk() throws IOException {
    if (next == null) {
      return null;
    }
    PartBytes part = take();
    // The part handed out before is read to its end: its array takes the next fetch.
    free = reading;
    reading = part.array();
    scheduleNext();
    return new Chunk(part.array(), part.length());
  }

  private PartBytes take() throws IOException {
    try {
      return next.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while reading bundle parts");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      throw new IllegalStateException("reading a bundle part failed", e.getCause());
    }
  }

  /**
   * Stops the prefetch and waits for a fetch under way to end (at most {@link
   * #CLOSE_WAIT_SECONDS}), so that the fetcher is no longer in use once this returns.
   */
  @Override
  public void close() {
    if (!closed) {
      closed = true;
      prefetcher.shutdownNow();
      try {
        prefetcher.awaitTermination(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
