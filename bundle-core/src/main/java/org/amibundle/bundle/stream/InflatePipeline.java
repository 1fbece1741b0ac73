package org.amibundle.bundle.stream;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.amibundle.bundle.internal.nativelib.LibDeflate;
import org.amibundle.bundle.internal.threads.WorkerThreads;

/**
 * Inflates the pieces a {@link FlushPointSplitter} cuts on a pool of daemon worker threads and
 * hands them back in order. At most twice as many pieces as threads are in flight, plus the one
 * handed back, so memory does not grow with the data. Not thread-safe itself.
 */
final class InflatePipeline {

  private static final AtomicInteger PIPELINES = new AtomicInteger();

  /** A piece handed to a worker. */
  private record Pending(InflateSegment segment, Future<InflateSegment> done) {}

  private final FlushPointSplitter splitter;
  private final int initialSize;
  private final int outputLimit;
  private final LibDeflate libDeflate;
  private final int maxInFlight;
  private final ExecutorService workers;
  private final List<InflateSegment> allSegments = new ArrayList<>();
  private final ArrayDeque<InflateSegment> free = new ArrayDeque<>();
  private final ArrayDeque<Pending> inFlight = new ArrayDeque<>();
  private InflateSegment current;
  private boolean splitEnded;

  /** Pieces are tried with {@code libDeflate} first, if not null (see {@link InflateSegment}). */
  InflatePipeline(
      FlushPointSplitter splitter,
      int threads,
      int initialSize,
      int outputLimit,
      LibDeflate libDeflate) {
    this.splitter = splitter;
    this.initialSize = initialSize;
    this.outputLimit = outputLimit;
    this.libDeflate = libDeflate;
    this.maxInFlight = 2 * threads;
    this.workers =
        WorkerThreads.start(
            "amibundle-gunzip-" + PIPELINES.incrementAndGet() + "-worker-", threads);
  }

  /**
   * The next piece, inflated, in order; null once the data has ended. The piece returned before is
   * reused from now on.
   */
  InflateSegment next() throws IOException {
    if (current != null) {
      free.add(current);
      current = null;
    }
    topUp();
    Pending oldest = inFlight.poll();
    if (oldest == null) {
      return null;
    }
    current = WorkerThreads.await(oldest.done(), "gunzip worker");
    return current;
  }

  /**
   * The data from byte {@code from} of the piece last handed back onwards (if any): the rest of it,
   * the pieces in flight, then what the splitter has not cut yet. No piece is cut after this.
   */
  InputStream restFrom(int from) {
    List<InputStream> rest = new ArrayList<>();
    if (current != null) {
      rest.add(new ByteArrayInputStream(current.input(), from, current.inputLength() - from));
    }
    for (Pending pending : inFlight) {
      InflateSegment segment = pending.segment();
      rest.add(new ByteArrayInputStream(segment.input(), 0, segment.inputLength()));
    }
    inFlight.clear();
    splitEnded = true;
    rest.add(splitter.rest());
    return new SequenceInputStream(Collections.enumeration(rest));
  }

  /** Stops the workers; once they are idle, frees the segments' native memory. */
  void shutdown() {
    if (WorkerThreads.stop(workers)) {
      allSegments.forEach(InflateSegment::end);
    }
  }

  /** Cuts and hands out pieces until the maximum is in flight; none after one cut for size. */
  private void topUp() throws IOException {
    while (!splitEnded && inFlight.size() < maxInFlight) {
      InflateSegment segment = free.poll();
      if (segment == null) {
        segment = new InflateSegment(initialSize, outputLimit, libDeflate);
        allSegments.add(segment);
      }
      if (!splitter.fill(segment)) {
        free.add(segment);
        splitEnded = true;
        return;
      }
      inFlight.add(new Pending(segment, workers.submit(segment::inflate)));
      splitEnded = segment.cutForSize();
    }
  }
}
