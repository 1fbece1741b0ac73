package org.amibundle.bundle.tar;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SeekableByteChannel;
import java.util.Arrays;
import java.util.function.LongConsumer;
import org.amibundle.BadInputException;

/**
 * Writes a bundle's tar stream: one image member, byte for byte what {@code tar -c -h -S --owner 0
 * --group 0} of GNU tar 1.34 writes for the same file, hole map, name, mode and mtime. A layout
 * without holes gives an ordinary member (typeflag '0'); one with holes an old-GNU sparse member
 * (typeflag 'S') whose data holds only the data extents. Commons Compress can read sparse members
 * but not write them, hence this writer.
 */
public final class ImageTarWriter {

  private static final int RECORD = 20 * TarHeader.BLOCK;
  private static final int BUFFER = 1 << 20;

  private ImageTarWriter() {}

  /**
   * Writes the complete tar stream (headers, data, end-of-archive blocks, record padding) to {@code
   * out}, which stays open, and returns the number of bytes written. A {@link SeekableByteChannel}
   * source is read at each extent's offset; any other source is read from its current position to
   * the end of the image, and then {@code layout} must have no holes.
   *
   * @throws IllegalArgumentException if {@code layout} has holes and the source cannot seek
   * @throws BadInputException if the source ends before the layout's data does
   */
  public static long write(
      TarEntryInfo entry, DataLayout layout, ReadableByteChannel source, OutputStream out)
      throws IOException {
    return write(entry, layout, source, out, bytes -> {});
  }

  /**
   * As {@link #write(TarEntryInfo, DataLayout, ReadableByteChannel, OutputStream)}, telling {@code
   * progress} of the image bytes passed: each hole as it is skipped, the data as it is read. The
   * amounts add up to the image size.
   */
  public static long write(
      TarEntryInfo entry,
      DataLayout layout,
      ReadableByteChannel source,
      OutputStream out,
      LongConsumer progress)
      throws IOException {
    boolean seekable = source instanceof SeekableByteChannel;
    if (!seekable && layout.hasHoles()) {
      throw new IllegalArgumentException(
          "a layout with holes needs a seekable source to read '" + entry.name() + "' at offsets");
    }
    long written = 0;
    for (byte[] block : TarHeader.forMember(entry, layout)) {
      out.write(block);
      written += block.length;
    }
    ByteBuffer buffer = ByteBuffer.allocate(BUFFER);
    long stored = 0;
    long passed = 0;
    for (Extent extent : layout.data()) {
      if (seekable) {
        ((SeekableByteChannel) source).position(extent.offset());
      }
      skip(extent.offset() - passed, progress);
      copy(entry, layout, extent, source, buffer, out, progress);
      stored += extent.length();
      passed = extent.end();
    }
    skip(layout.size() - passed, progress);
    written += stored;
    long end = roundUp(written, TarHeader.BLOCK) + 2L * TarHeader.BLOCK;
    long total = roundUp(end, RECORD);
    writeZeros(out, total - written, buffer.array());
    return total;
  }

  private static void copy(
      TarEntryInfo entry,
      DataLayout layout,
      Extent extent,
      ReadableByteChannel source,
      ByteBuffer buffer,
      OutputStream out,
      LongConsumer progress)
      throws IOException {
    long remaining = extent.length();
    while (remaining > 0) {
      buffer.clear().limit((int) Math.min(buffer.capacity(), remaining));
      int read = source.read(buffer);
      if (read < 0) {
        long reached = extent.end() - remaining;
        throw new BadInputException(
            "image ended after "
                + reached
                + " bytes, expected "
                + layout.size()
                + ": '"
                + entry.name()
                + "' shrank or ended early while it was read;"
                + " bundle it again when nothing writes to it, or give the right image size");
      }
      out.write(buffer.array(), 0, read);
      remaining -= read;
      progress.accept(read);
    }
  }

  /** A hole of {@code length} bytes was passed. */
  private static void skip(long length, LongConsumer progress) {
    if (length > 0) {
      progress.accept(length);
    }
  }

  private static void writeZeros(OutputStream out, long count, byte[] scratch) throws IOException {
    Arrays.fill(scratch, 0, (int) Math.min(scratch.length, count), (byte) 0);
    for (long left = count; left > 0; left -= Math.min(scratch.length, left)) {
      out.write(scratch, 0, (int) Math.min(scratch.length, left));
    }
  }

  private static long roundUp(long value, long unit) {
    return (value + unit - 1) / unit * unit;
  }
}
