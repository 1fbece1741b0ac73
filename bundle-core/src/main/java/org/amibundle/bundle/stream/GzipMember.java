package org.amibundle.bundle.stream;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.ZipException;

/**
 * The parts of a gzip member (RFC 1952) around its deflate data: the header, read and skipped with
 * its optional fields, and the trailer, checked against the CRC-32 and length of what the deflate
 * data gave. Failures are {@link ZipException}s, an early end an {@link EOFException}, as {@code
 * GZIPInputStream} reports them.
 */
final class GzipMember {

  private static final int FHCRC = 2;
  private static final int FEXTRA = 4;
  private static final int FNAME = 8;
  private static final int FCOMMENT = 16;

  private GzipMember() {}

  /** Reads a member header up to the first byte of its deflate data. */
  static void readHeader(InputStream in) throws IOException {
    if (byteOf(in) != 0x1f || byteOf(in) != 0x8b) {
      throw new ZipException("Not in GZIP format");
    }
    if (byteOf(in) != 8) {
      throw new ZipException("Unsupported compression method");
    }
    int flags = byteOf(in);
    skip(in, 6); // MTIME, XFL, OS
    if ((flags & FEXTRA) != 0) {
      skip(in, byteOf(in) | byteOf(in) << 8);
    }
    if ((flags & FNAME) != 0) {
      skipZeroTerminated(in);
    }
    if ((flags & FCOMMENT) != 0) {
      skipZeroTerminated(in);
    }
    if ((flags & FHCRC) != 0) {
      skip(in, 2);
    }
  }

  /**
   * Reads the 8-byte trailer and checks it against the CRC-32 and the length of the data.
   *
   * @throws ZipException naming the field, the trailer's value and the data's
   */
  static void checkTrailer(InputStream in, long crc32, long length) throws IOException {
    byte[] trailer = in.readNBytes(8);
    if (trailer.length < 8) {
      throw new EOFException("Unexpected end of gzip trailer: " + trailer.length + " of 8 bytes");
    }
    long storedCrc = intLe(trailer, 0);
    long storedSize = intLe(trailer, 4);
    if (storedCrc != crc32) {
      throw new ZipException(
          String.format(
              "Corrupt GZIP trailer: CRC-32 %08x, the data gives %08x", storedCrc, crc32));
    }
    if (storedSize != (length & 0xffffffffL)) {
      throw new ZipException(
          "Corrupt GZIP trailer: length mod 2^32 is "
              + storedSize
              + ", the data gives "
              + (length & 0xffffffffL));
    }
  }

  private static long intLe(byte[] b, int at) {
    return (b[at] & 0xffL)
        | (b[at + 1] & 0xffL) << 8
        | (b[at + 2] & 0xffL) << 16
        | (b[at + 3] & 0xffL) << 24;
  }

  private static int byteOf(InputStream in) throws IOException {
    int b = in.read();
    if (b < 0) {
      throw new EOFException("Unexpected end of gzip header");
    }
    return b;
  }

  private static void skip(InputStream in, int n) throws IOException {
    if (in.readNBytes(n).length != n) {
      throw new EOFException("Unexpected end of gzip header");
    }
  }

  private static void skipZeroTerminated(InputStream in) throws IOException {
    while (byteOf(in) != 0) {
      // skip the name or comment
    }
  }
}
