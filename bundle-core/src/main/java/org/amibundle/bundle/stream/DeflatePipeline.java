package org.amibundle.bundle.stream;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.amibundle.bundle.internal.nativelib.LibDeflate;
import org.amibundle.bundle.internal.threads.WorkerThreads;

/**
 * Deflates {@link DeflateBlock}s on a pool of daemon worker threads and writes their output in
 * order, always from the caller's thread (the next stream need not be thread-safe). At most twice
 * as many blocks as threads are in flight: handing over one more waits for the oldest, so memory
 * stays bounded and a slow next stream holds back the writer. Not thread-safe itself.
 */
final class DeflatePipeline {

  private static final AtomicInteger PIPELINES = new AtomicInteger();

  private final OutputStream next;
  private final int blockSize;
  private final int level;
  private final LibDeflate libDeflate;
  private final int maxInFlight;
  private final ExecutorService workers;
  private final List<DeflateBlock> allBlocks = new ArrayList<>();
  private final ArrayDeque<DeflateBlock> freeBlocks = new ArrayDeque<>();
  private final ArrayDeque<Future<DeflateBlock>> inFlight = new ArrayDeque<>();
  private DeflateBlock current;

  /** Blocks deflated with {@code libDeflate}, or with Deflater if null ({@link DeflateBlock}). */
  DeflatePipeline(OutputStream next, int level, int threads, int blockSize, LibDeflate libDeflate) {
    this.next = next;
    this.blockSize = blockSize;
    this.level = level;
    this.libDeflate = libDeflate;
    this.maxInFlight = 2 * threads;
    this.workers =
        WorkerThreads.start("amibundle-gzip-" + PIPELINES.incrementAndGet() + "-worker-", threads);
    this.current = takeFreeBlock();
  }

  /** The block being filled; never full once {@link #submit} has been called for it. */
  DeflateBlock current() {
    return current;
  }

  /**
   * Hands the current block to a worker and makes an empty one current, waiting for (and writing)
   * the oldest block while the maximum is in flight.
   */
  void submit() throws IOException {
    inFlight.add(workers.submit(current::deflate));
    current = null;
    while (inFlight.size() >= maxInFlight) {
      writeOldest();
    }
    current = takeFreeBlock();
  }

  /** Hands the current block over as the last of the stream and writes every block, in order. */
  void finish() throws IOException {
    current.markLast();
    inFlight.add(workers.submit(current::deflate));
    current = null;
    while (!inFlight.isEmpty()) {
      writeOldest();
    }
  }

  /** Writes the blocks already deflated at the head of the queue, surfacing a worker's failure. */
  void writeCompleted() throws IOException {
    while (!inFlight.isEmpty() && inFlight.peek().isDone()) {
      writeOldest();
    }
  }

  /** Stops the workers; once they are idle, frees the deflaters' native memory. */
  void shutdown() {
    if (WorkerThreads.stop(workers)) {
      allBlocks.forEach(DeflateBlock::end);
    }
  }

  private void writeOldest() throws IOException {
    DeflateBlock block = WorkerThreads.await(inFlight.poll(), "gzip worker");
    block.writeTo(next);
    freeBlocks.add(block);
  }

  private DeflateBlock takeFreeBlock() {
    DeflateBlock block = freeBlocks.poll();
    if (block == null) {
      block = new DeflateBlock(blockSize, level, libDeflate);
      allBlocks.add(block);
    }
    return block;
  }
}
