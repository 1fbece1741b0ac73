package org.amibundle.cli;

import java.util.Locale;

/**
 * The progress of a transfer as one line: bytes and objects done of the total, the rate of the
 * bytes actually moved (objects skipped as already there move nothing) and the time left at that
 * rate. Work counted in bytes alone (an image bundled or restored) has no objects. Times are {@link
 * System#nanoTime()} values, given by the caller.
 */
final class TransferProgress {

  private static final long NANOS_PER_SECOND = 1_000_000_000L;
  private static final int NO_OBJECTS = -1;

  private final int objects;
  private final long bytes;
  private final long startNanos;
  private int objectsDone;
  private long bytesDone;
  private long bytesMoved;

  TransferProgress(int objects, long bytes, long startNanos) {
    if (objects < 0 || bytes < 0) {
      throw new IllegalArgumentException(
          "a transfer has >= 0 objects and bytes, got " + objects + " and " + bytes);
    }
    this.objects = objects;
    this.bytes = bytes;
    this.startNanos = startNanos;
  }

  private TransferProgress(long bytes, long startNanos) {
    if (bytes < 0) {
      throw new IllegalArgumentException("work has >= 0 bytes, got " + bytes);
    }
    this.objects = NO_OBJECTS;
    this.bytes = bytes;
    this.startNanos = startNanos;
  }

  /** Work of {@code bytes} bytes, counted with {@link #moved} and shown without objects. */
  static TransferProgress ofBytes(long bytes, long startNanos) {
    return new TransferProgress(bytes, startNanos);
  }

  /** {@code size} more bytes were done (of work without objects). */
  void moved(long size) {
    bytesDone += size;
    bytesMoved += size;
  }

  /** An object of {@code size} bytes was moved. */
  void transferred(long size) {
    objectsDone++;
    bytesDone += size;
    bytesMoved += size;
  }

  /** An object of {@code size} bytes needed no moving. */
  void skipped(long size) {
    objectsDone++;
    bytesDone += size;
  }

  /**
   * E.g. {@code 42.0/104.9 MB, 4/11 objects, 9.6 MB/s, 0:06 left}; without objects {@code
   * 42.0/104.9 MB, 9.6 MB/s, 0:06 left}.
   */
  String line(long nowNanos) {
    double seconds = Math.max(0, nowNanos - startNanos) / (double) NANOS_PER_SECOND;
    double rate = seconds > 0 ? bytesMoved / seconds : 0;
    long left = Math.max(0, bytes - bytesDone);
    String eta = rate > 0 ? duration(Math.round(left / rate)) : "-:--";
    String count =
        objects == NO_OBJECTS
            ? ""
            : String.format(Locale.ROOT, ", %d/%d objects", objectsDone, objects);
    return String.format(
        Locale.ROOT,
        "%s/%s%s, %s/s, %s left",
        megabytes(bytesDone).replace(" MB", ""),
        megabytes(bytes),
        count,
        megabytes(Math.round(rate)),
        eta);
  }

  /** {@code 1234567} → {@code 1.2 MB} (10^6 bytes, as network rates are counted). */
  static String megabytes(long bytes) {
    return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
  }

  /** {@code 75} → {@code 1:15}; {@code 3725} → {@code 1:02:05}. */
  static String duration(long seconds) {
    long hours = seconds / 3600;
    long minutes = seconds / 60 % 60;
    long secs = seconds % 60;
    return hours > 0
        ? String.format(Locale.ROOT, "%d:%02d:%02d", hours, minutes, secs)
        : String.format(Locale.ROOT, "%d:%02d", minutes, secs);
  }
}
