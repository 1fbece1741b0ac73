package org.amibundle.bundle.stream;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.zip.CRC32;
import java.util.zip.GZIPInputStream;
import org.amibundle.bundle.internal.nativelib.LibDeflate;
import org.amibundle.bundle.stream.InflateSegment.Outcome;

/**
 * Decompresses a gzip stream on several threads when it is made of independently deflated blocks
 * ending in flush points, as {@link ParallelGzipOutputStream} and {@code pigz -i} write it, and in
 * one sequence otherwise. The deflate data is cut after every {@code 00 00 FF FF} candidate and the
 * pieces inflated on their own, speculatively; a piece's output is used only if the piece starts
 * where the one before ended at a block boundary and inflated cleanly without the data before it.
 * At the first piece that does not (a gzip -9 stream has no flush points, data may hold the
 * candidate bytes, a block may refer back to the one before) the rest is inflated in one sequence
 * from there, with the output so far as dictionary. The CRC-32 and length in the trailer are
 * checked against the output before the end of the stream is reported; further gzip members are
 * read as {@code GZIPInputStream} reads them. Where libdeflate is installed the pieces are inflated
 * with it, much faster, and with {@code java.util.zip.Inflater} otherwise; the output is the same,
 * and damaged data fails either way (with libdeflate possibly only at the trailer's CRC-32).
 *
 * <p>Memory: at most twice as many pieces as threads in flight, each up to {@link #MAX_PIECE} bytes
 * of deflate data and {@link #MAX_OUTPUT} of output, and as much again in native memory with
 * libdeflate. Failures are thrown as {@code GZIPInputStream} throws them: {@code ZipException} for
 * bad data, {@code EOFException} for an early end. {@code close()} stops the workers and closes the
 * source.
 */
public final class ParallelGunzipInputStream extends ChunkedInputStream {

  /** Threads of the one-argument constructor on a machine with more processors. */
  public static final int DEFAULT_MAX_THREADS = 8;

  /** Deflate bytes in a piece before it is cut without a candidate and inflated in sequence. */
  static final int MAX_PIECE = 4 << 20;

  /** Output of a piece beyond which it is inflated in sequence. */
  static final int MAX_OUTPUT = 4 << 20;

  private static final int CHUNK = 1 << 20;

  private enum Mode {
    PARALLEL,
    SEQUENTIAL,
    TRAILER,
    MORE_MEMBERS,
    DONE
  }

  private final InputStream source;
  private final CRC32 crc = new CRC32();
  private final DeflateWindow window = new DeflateWindow();
  private long size;
  private Mode mode = Mode.PARALLEL;
  private final InflatePipeline pipeline;
  private InflateSegment repair;
  private int repairs;
  private int libDeflatePieces;
  private boolean lastFailed;

  /** Input of a repaired segment before the last piece joined to it. */
  private int repairLead;

  private StreamingInflater sequential;
  private InputStream tail;
  private GZIPInputStream moreMembers;
  private byte[] moreBuffer;
  private boolean closed;

  /**
   * On as many threads as there are processors, at most {@link #DEFAULT_MAX_THREADS}: beyond that
   * decryption and writing, one core each, cannot keep up, and memory grows with the threads.
   */
  public ParallelGunzipInputStream(InputStream source) throws IOException {
    this(source, Math.min(DEFAULT_MAX_THREADS, Runtime.getRuntime().availableProcessors()));
  }

  /**
   * Reads the gzip header, as {@code GZIPInputStream} does.
   *
   * @param threads inflating worker threads, at least 1
   * @throws java.util.zip.ZipException if the source does not start with a gzip header
   */
  public ParallelGunzipInputStream(InputStream source, int threads) throws IOException {
    this(source, threads, LibDeflate.INSTANCE);
  }

  /** Inflating the pieces with {@code libDeflate} first, or only with the inflater if null. */
  ParallelGunzipInputStream(InputStream source, int threads, LibDeflate libDeflate)
      throws IOException {
    if (threads < 1) {
      throw new IllegalArgumentException("gunzip threads must be >= 1, got " + threads);
    }
    this.source = source;
    GzipMember.readHeader(source);
    this.pipeline =
        new InflatePipeline(
            new FlushPointSplitter(source, MAX_PIECE), threads, CHUNK, MAX_OUTPUT, libDeflate);
  }

  @Override
  protected Chunk nextChunk() throws IOException {
    while (true) {
      switch (mode) {
        case PARALLEL -> {
          Chunk chunk = nextInParallel();
          if (chunk != null) {
            return chunk;
          }
        }
        case SEQUENTIAL -> {
          Chunk chunk = sequential.next();
          if (chunk != null) {
            return counted(chunk);
          }
          tail = sequential.rest();
          mode = Mode.TRAILER;
        }
        case TRAILER -> {
          GzipMember.checkTrailer(tail, crc.getValue(), size);
          int next = tail.read();
          if (next < 0) {
            mode = Mode.DONE;
            return null;
          }
          InputStream rest =
              new SequenceInputStream(new ByteArrayInputStream(new byte[] {(byte) next}), tail);
          moreMembers = new GZIPInputStream(rest, CHUNK);
          moreBuffer = new byte[CHUNK];
          mode = Mode.MORE_MEMBERS;
        }
        case MORE_MEMBERS -> {
          int n = moreMembers.read(moreBuffer);
          if (n >= 0) {
            return new Chunk(moreBuffer, n);
          }
          mode = Mode.DONE;
        }
        case DONE -> {
          return null;
        }
      }
    }
  }

  /** The next piece's output; null after switching to another mode. */
  private Chunk nextInParallel() throws IOException {
    InflateSegment segment = pipeline.next();
    if (segment == null) {
      throw new EOFException("Unexpected end of ZLIB input stream");
    }
    if (segment.byLibDeflate()) {
      libDeflatePieces++;
    }
    int lead = 0;
    // A piece that fails right after one that failed means a stream that refers back across its
    // flushes: stop trying. A piece that ends inside a block only met a candidate that was data
    // (stored data holds any bytes): it is always repaired.
    boolean failed = segment.outcome() == Outcome.FAILED;
    if (segment.outcome() == Outcome.INSIDE_BLOCK || (failed && !lastFailed)) {
      segment = repaired(segment);
      lead = repairLead;
    }
    lastFailed = failed;
    Chunk output = new Chunk(segment.output(), segment.outputLength());
    switch (segment.outcome()) {
      case BOUNDARY -> {
        return remembered(counted(output));
      }
      case FINAL -> {
        int consumed = segment.consumed();
        // A batch of joined pieces may hold the final block's end before its last piece.
        tail =
            consumed >= lead
                ? pipeline.restFrom(consumed - lead)
                : new SequenceInputStream(
                    new ByteArrayInputStream(segment.input(), consumed, lead - consumed),
                    pipeline.restFrom(0));
        mode = Mode.TRAILER;
        return counted(output);
      }
      default -> {
        InputStream rest =
            new SequenceInputStream(
                new ByteArrayInputStream(segment.input(), 0, lead), pipeline.restFrom(0));
        sequential = new StreamingInflater(rest, window, CHUNK);
        mode = Mode.SEQUENTIAL;
        return null;
      }
    }
  }

  /**
   * Inflates again, here and with the output before it as dictionary, a piece that did not inflate
   * on its own: alone if it failed (it may refer back), joined to the pieces after it if it ended
   * inside a block (its candidate was data: stored data holds any bytes, and a full stored block's
   * header after a data byte 00 reads 00 00 FF FF), as many as it takes to end at a block boundary.
   * The pieces are joined in batches that double, each batch inflating the whole again once, so the
   * work stays within twice the data joined, which ends at the repair's output limit (then the rest
   * is inflated in sequence). The piece after the last one joined is used as it is if the repaired
   * segment ends at a block boundary. Sets {@link #repairLead}.
   */
  private InflateSegment repaired(InflateSegment piece) throws IOException {
    if (repair == null) {
      // Inflated with the output before it as dictionary, which libdeflate cannot take.
      repair = new InflateSegment(CHUNK, 2 * MAX_OUTPUT, null);
    }
    repair.copy(piece); // the pipeline reuses the piece once the next one is taken
    repairs++;
    repairLead = 0;
    if (piece.outcome() == Outcome.FAILED) {
      repair.inflateAfter(window); // alone: it may refer back
      return repair;
    }
    boolean insideBlock = true;
    for (int batch = 1; insideBlock; batch *= 2) {
      boolean ended = false;
      for (int joined = 0; joined < batch && !ended; joined++) {
        repairLead = repair.inputLength(); // all is here once the pipeline holds no piece
        InflateSegment next = pipeline.next();
        ended = next == null;
        if (!ended) {
          repair.append(next);
        }
      }
      repair.inflateAfter(window);
      insideBlock = repair.outcome() == Outcome.INSIDE_BLOCK && !ended;
    }
    return repair;
  }

  private Chunk counted(Chunk chunk) {
    crc.update(chunk.bytes(), 0, chunk.length());
    size += chunk.length();
    return chunk;
  }

  /** Keeps the last 32 KiB of output, the dictionary should the rest need inflating again. */
  private Chunk remembered(Chunk chunk) {
    window.keep(chunk.bytes(), chunk.length());
    return chunk;
  }

  /** Whether some of the deflate data was inflated in one sequence instead of in pieces. */
  boolean inflatedInSequence() {
    return sequential != null;
  }

  /** How many pieces were inflated again, alone or joined to the next. */
  int repairs() {
    return repairs;
  }

  /** How many pieces handed out were inflated by libdeflate. */
  int libDeflatePieces() {
    return libDeflatePieces;
  }

  /** Stops the workers, frees the inflaters and closes the source; closing twice does nothing. */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    mode = Mode.DONE;
    pipeline.shutdown();
    if (sequential != null) {
      sequential.end();
    }
    if (repair != null) {
      repair.end();
    }
    if (moreMembers != null) {
      moreMembers.close();
    }
    source.close();
  }
}
