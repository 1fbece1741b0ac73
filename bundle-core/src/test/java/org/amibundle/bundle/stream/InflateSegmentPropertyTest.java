package org.amibundle.bundle.stream;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.Deflater;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.statistics.Statistics;
import org.amibundle.bundle.stream.InflateSegment.Outcome;
import org.amibundle.bundle.stream.InflateSegmentTest.Inflated;

/**
 * A deflate stream of any mixture, level and flushes, cut anywhere, after a flush-point candidate,
 * or whole (and, if finished, followed by anything: the gzip trailer and beyond), is classified
 * alike by libdeflate and by the Inflater: outcome, output and final-block end. The pieces start
 * where the stream does, at a block start, as every piece whose outcome the gunzip stream uses
 * does.
 */
class InflateSegmentPropertyTest {

  private static final byte[] MARKER = {0, 0, (byte) 0xff, (byte) 0xff};
  private static final int[] FLUSHES = {
    Deflater.NO_FLUSH, Deflater.SYNC_FLUSH, Deflater.FULL_FLUSH
  };

  /** Where the piece ends. */
  enum Cut {
    ANYWHERE,
    AFTER_A_MARKER,
    WHOLE
  }

  /**
   * @param slices per slice, its kind (value % 4: text, random, zeros, flush bytes followed by a
   *     deflate stream) and the flush after it (value / 4: none, sync, full)
   */
  @Property(tries = 400)
  void anyPieceFromABlockStart_isClassifiedAlikeByBoth(
      @ForAll @Size(min = 1, max = 8) List<@IntRange(min = 0, max = 11) Integer> slices,
      @ForAll @IntRange(min = 1, max = 20_000) int sliceSize,
      @ForAll @IntRange(min = 0, max = 9) int level,
      @ForAll boolean finish,
      @ForAll Cut cut,
      @ForAll @IntRange(min = 0, max = 1000) int where,
      @ForAll @Size(max = 16) byte[] after,
      @ForAll @IntRange(min = 32, max = 200_000) int outputLimit) {
    byte[] stream = deflate(slices, sliceSize, level, finish);
    byte[] piece =
        switch (cut) {
          case ANYWHERE -> Arrays.copyOf(stream, (int) ((long) stream.length * where / 1000));
          case AFTER_A_MARKER -> afterAMarker(stream, where);
          // Bytes after the data only where it ended with its final block (the gzip trailer and
          // beyond): after an unfinished stream they would be deflate data, and invalid deflate
          // data is where libdeflate is more lenient than zlib (see InflateSegment.attemptWhole).
          case WHOLE -> finish ? ParallelGunzipInputStreamTest.concat(stream, after) : stream;
        };

    Inflated inflated = InflateSegmentTest.inflateBothWays(piece, outputLimit);

    String by = inflated.byLibDeflate() ? "libdeflate" : "inflater";
    Statistics.label("outcome").collect(inflated.outcome(), by);
    Statistics.label("outcome")
        .coverage(
            coverage -> {
              coverage.check(Outcome.BOUNDARY, "libdeflate").percentage(p -> p >= 5);
              coverage.check(Outcome.FINAL, "libdeflate").percentage(p -> p >= 5);
            });
    Statistics.label("by").collect(by);
    Statistics.label("by").coverage(coverage -> coverage.check("inflater").percentage(p -> p >= 5));
  }

  private static byte[] deflate(List<Integer> slices, int sliceSize, int level, boolean finish) {
    Deflater deflater = new Deflater(level, true);
    ByteArrayOutputStream stream = new ByteArrayOutputStream();
    for (int i = 0; i < slices.size(); i++) {
      byte[] slice =
          switch (slices.get(i) % 4) {
            case 0 -> GzipTestData.compressible(sliceSize, i);
            case 1 -> GzipTestData.random(sliceSize, i);
            case 2 -> new byte[sliceSize];
            default ->
                ParallelGunzipInputStreamTest.concat(
                    MARKER,
                    ParallelGunzipInputStreamTest.rawDeflateSyncFlushed(
                        GzipTestData.compressible(sliceSize, i)));
          };
      stream.writeBytes(InflateSegmentTest.flushed(deflater, slice, FLUSHES[slices.get(i) / 4]));
    }
    if (finish) {
      stream.writeBytes(InflateSegmentTest.finished(deflater, new byte[0]));
    }
    deflater.end();
    return stream.toByteArray();
  }

  /** The stream up to the end of one of its flush-point candidates, or all of it without any. */
  private static byte[] afterAMarker(byte[] stream, int which) {
    List<Integer> ends = new ArrayList<>();
    for (int at = ParallelGunzipInputStreamTest.indexOf(stream, MARKER, 0);
        at >= 0;
        at = ParallelGunzipInputStreamTest.indexOf(stream, MARKER, at + 1)) {
      ends.add(at + MARKER.length);
    }
    return ends.isEmpty() ? stream : Arrays.copyOf(stream, ends.get(which % ends.size()));
  }
}
