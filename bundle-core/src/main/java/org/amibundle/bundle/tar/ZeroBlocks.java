package org.amibundle.bundle.tar;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.amibundle.BadInputException;

/**
 * All-zero blocks: found by scanning an image (to store them as holes) and left out when image
 * bytes are handed to an {@link ImageSink} (so restored images stay sparse).
 */
final class ZeroBlocks {

  /** The block size of zero scans and of reading; a page, and the usual filesystem block. */
  static final int PAGE = 4096;

  /** The block size of GNU tar's own zero scan. */
  static final int GNU_RECORD_BLOCK = 512;

  private static final int CHUNK = 1 << 20;
  private static final byte[] ZEROS = new byte[PAGE];

  private ZeroBlocks() {}

  /**
   * The data extents of the first {@code size} bytes of {@code image}: blocks of {@code blockSize}
   * (at most {@link #PAGE}) aligned to the image start, the last one possibly short, that hold a
   * non-zero byte, adjacent ones merged.
   */
  static DataLayout scan(FileChannel image, long size, int blockSize, String what)
      throws IOException {
    ByteBuffer chunk = ByteBuffer.allocate(CHUNK);
    List<Extent> data = new ArrayList<>();
    long runStart = -1;
    for (long position = 0; position < size; ) {
      chunk.clear().limit((int) Math.min(CHUNK, size - position));
      while (chunk.hasRemaining()) {
        if (image.read(chunk, position + chunk.position()) < 0) {
          throw new BadInputException(
              "image ended after "
                  + (position + chunk.position())
                  + " bytes, expected "
                  + size
                  + ": "
                  + what
                  + " shrank while it was scanned; bundle it when nothing writes to it");
        }
      }
      for (int at = 0; at < chunk.limit(); at += blockSize) {
        int length = Math.min(blockSize, chunk.limit() - at);
        boolean zero = isZero(chunk.array(), at, length);
        if (zero && runStart >= 0) {
          data.add(new Extent(runStart, position + at - runStart));
          runStart = -1;
        } else if (!zero && runStart < 0) {
          runStart = position + at;
        }
      }
      position += chunk.limit();
    }
    if (runStart >= 0) {
      data.add(new Extent(runStart, size - runStart));
    }
    return new DataLayout(size, data);
  }

  /**
   * Hands {@code length} bytes of {@code buffer}, the image bytes at {@code imageOffset}, to {@code
   * sink}, except page-aligned all-zero pages (and an all-zero last page of the image).
   */
  static void deliver(byte[] buffer, int length, long imageOffset, long imageSize, ImageSink sink)
      throws IOException {
    int runStart = -1;
    int at = 0;
    while (at < length) {
      long offset = imageOffset + at;
      int piece = (int) Math.min(length - at, PAGE - offset % PAGE);
      boolean wholePage = offset % PAGE == 0 && (piece == PAGE || offset + piece == imageSize);
      boolean skip = wholePage && isZero(buffer, at, piece);
      if (skip && runStart >= 0) {
        sink.write(
            ByteBuffer.wrap(buffer, runStart, at - runStart).slice(), imageOffset + runStart);
        runStart = -1;
      } else if (!skip && runStart < 0) {
        runStart = at;
      }
      at += piece;
    }
    if (runStart >= 0) {
      sink.write(
          ByteBuffer.wrap(buffer, runStart, length - runStart).slice(), imageOffset + runStart);
    }
  }

  private static boolean isZero(byte[] buffer, int from, int length) {
    return Arrays.mismatch(buffer, from, from + length, ZEROS, 0, length) < 0;
  }
}
