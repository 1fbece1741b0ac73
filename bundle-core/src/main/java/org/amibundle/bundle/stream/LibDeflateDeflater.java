package org.amibundle.bundle.stream;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import org.amibundle.bundle.internal.nativelib.HugePageBuffer;
import org.amibundle.bundle.internal.nativelib.LibDeflate;
import org.amibundle.bundle.internal.nativelib.LibZ;

/**
 * A block of input deflated in one call by libdeflate, several times faster than zlib at a better
 * ratio, and made to join the blocks after it. libdeflate ends its data with a final block, where
 * the stream's inner blocks must end with a sync flush: so zlib inflates the data block by block
 * ({@code Z_BLOCK}) to find the bit where the last block starts and the bit where it ends, the
 * final bit of that block is cleared, and the empty stored block of a sync flush is written at its
 * end (header bits {@code 000}, padding to the byte, {@code 00 00 FF FF}). Input and output live in
 * native memory kept from call to call, in huge pages (see {@link HugePageBuffer}); the input's
 * memory takes the walk's output, which is the input again. Not thread-safe; {@link #end()} frees
 * the native objects and memory.
 */
final class LibDeflateDeflater {

  /** Bytes a sync flush adds at most: one byte for a header that spills over, then the marker. */
  private static final int FLUSH_ROOM = 5;

  private final LibDeflate deflate;
  private final LibZ zlib;
  private final HugePageBuffer in;
  private final HugePageBuffer out;
  private final Memory stream = new Memory(LibZ.STREAM_SIZE);
  private Pointer compressor;

  /** A compressor at {@code level} for blocks of up to {@code blockSize} bytes. */
  LibDeflateDeflater(LibDeflate deflate, LibZ zlib, int level, int blockSize) {
    this.deflate = deflate;
    this.zlib = zlib;
    this.compressor = deflate.libdeflate_alloc_compressor(level);
    if (compressor == null) {
      throw new OutOfMemoryError("libdeflate could not allocate a compressor");
    }
    this.in = HugePageBuffer.allocate(blockSize);
    this.out =
        HugePageBuffer.allocate(deflate.libdeflate_deflate_compress_bound(compressor, blockSize));
    stream.clear();
    int result = zlib.inflateInit2_(stream, -15, zlib.zlibVersion(), LibZ.STREAM_SIZE);
    if (result != LibZ.Z_OK) {
      deflate.libdeflate_free_compressor(compressor);
      throw new IllegalStateException("zlib inflateInit2_ failed with " + result);
    }
  }

  /** The room {@link #deflate} needs in its output array. */
  int maxOutput() {
    return Math.toIntExact(out.size() + FLUSH_ROOM);
  }

  /**
   * Deflates {@code input[0, length)} into {@code output}, which has {@link #maxOutput()} bytes:
   * ending with the final block if {@code last}, else with a sync flush.
   *
   * @return the bytes of output
   */
  int deflate(byte[] input, int length, boolean last, byte[] output) {
    in.pointer().write(0, input, 0, length);
    long n =
        deflate.libdeflate_deflate_compress(
            compressor, in.pointer(), length, out.pointer(), out.size());
    if (n <= 0) {
      throw new IllegalStateException("libdeflate gave no output for " + length + " bytes");
    }
    out.pointer().read(0, output, 0, (int) n);
    if (last) {
      return (int) n;
    }
    return syncFlushLastBlock(n, output);
  }

  /**
   * Inflates the {@code n} bytes of output block by block to find the bit offsets of the last
   * block's header and of its end, and ends {@code output} there with a sync flush.
   *
   * @return the bytes of data, as {@link #syncFlushed}
   */
  private int syncFlushLastBlock(long n, byte[] output) {
    check(zlib.inflateReset(stream), "inflateReset");
    stream.setPointer(LibZ.NEXT_IN, out.pointer());
    stream.setInt(LibZ.AVAIL_IN, (int) n);
    stream.setPointer(LibZ.NEXT_OUT, in.pointer());
    stream.setInt(LibZ.AVAIL_OUT, (int) in.size());
    long blockStart = 0;
    while (true) {
      check(zlib.inflate(stream, LibZ.Z_BLOCK), "inflate");
      int dataType = stream.getInt(LibZ.DATA_TYPE);
      if ((dataType & LibZ.AT_BOUNDARY) == 0) {
        throw new IllegalStateException("zlib stopped inside a block of libdeflate's output");
      }
      long at = 8 * stream.getLong(LibZ.TOTAL_IN) - (dataType & 63);
      if ((dataType & LibZ.LAST_BLOCK) != 0) {
        return syncFlushed(output, blockStart, at);
      }
      blockStart = at;
    }
  }

  /**
   * Clears the final bit of the block whose header is at bit {@code start} of {@code b} and writes
   * the empty stored block at bit {@code end}, where that block ends.
   *
   * @return the bytes of data, up to and including {@code 00 00 FF FF}
   */
  static int syncFlushed(byte[] b, long start, long end) {
    b[(int) (start >>> 3)] &= (byte) ~(1 << (start & 7));
    int at = (int) (end >>> 3);
    b[at] &= (byte) ((1 << (end & 7)) - 1);
    // Header bits 000 at end, end + 1 and end + 2; LEN starts at the next byte boundary.
    int len = (int) ((end + 3 + 7) >>> 3);
    for (int i = at + 1; i < len; i++) {
      b[i] = 0;
    }
    b[len] = 0;
    b[len + 1] = 0;
    b[len + 2] = (byte) 0xff;
    b[len + 3] = (byte) 0xff;
    return len + 4;
  }

  /** Frees the compressor, the inflate state and the memory; ending twice does nothing. */
  void end() {
    if (compressor != null) {
      deflate.libdeflate_free_compressor(compressor);
      compressor = null;
      zlib.inflateEnd(stream);
      stream.close();
      in.close();
      out.close();
    }
  }

  private static void check(int result, String call) {
    if (result != LibZ.Z_OK && result != LibZ.Z_STREAM_END) {
      throw new IllegalStateException("zlib " + call + " failed with " + result);
    }
  }
}
