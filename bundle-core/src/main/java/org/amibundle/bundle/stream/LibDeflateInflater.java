package org.amibundle.bundle.stream;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import org.amibundle.bundle.internal.nativelib.HugePageBuffer;
import org.amibundle.bundle.internal.nativelib.LibDeflate;

/**
 * Raw deflate data inflated in one call by libdeflate, which is much faster than zlib but takes the
 * whole input at once and needs room for the whole output: it stops after the first final block and
 * says how much input that took. Input and output live in native memory kept from call to call (in
 * huge pages, see {@link HugePageBuffer}: in small pages the workers took about 3,000 page faults
 * in an unbundle of the OS image of {@code benchmarks/}), so a call copies the input in and the
 * output out once each, where JNA would copy Java arrays both ways; the output room doubles on
 * demand up to the caller's limit. Not thread-safe; {@link #end()} frees the decompressor and the
 * memory.
 */
final class LibDeflateInflater {

  private final LibDeflate lib;
  private final Memory taken = new Memory(Long.BYTES); // size_t
  private final Memory given = new Memory(Long.BYTES); // size_t
  private Pointer decompressor;
  private HugePageBuffer in;
  private HugePageBuffer out;
  private long consumed;
  private int produced;

  /** A decompressor with room for {@code initialOutput} bytes of output to start with. */
  LibDeflateInflater(LibDeflate lib, int initialOutput) {
    this.lib = lib;
    this.decompressor = lib.libdeflate_alloc_decompressor();
    if (decompressor == null) {
      throw new OutOfMemoryError("libdeflate could not allocate a decompressor");
    }
    this.out = HugePageBuffer.allocate(initialOutput);
  }

  /**
   * Inflates {@code input[0, length)} followed by {@code suffix}, up to the end of the first final
   * block.
   *
   * @return true if that much is clean deflate data whose output fits in {@code maxOutput} bytes;
   *     false for bad data, data without a final block, or more output
   */
  boolean inflate(byte[] input, int length, byte[] suffix, int maxOutput) {
    long inLength = (long) length + suffix.length;
    if (in == null || in.size() < inLength) {
      free(in);
      // grows as the caller's buffer grows
      in = HugePageBuffer.allocate((long) input.length + suffix.length);
    }
    in.pointer().write(0, input, 0, length);
    in.pointer().write(length, suffix, 0, suffix.length);
    while (true) {
      long room = Math.min(out.size(), maxOutput);
      int result =
          lib.libdeflate_deflate_decompress_ex(
              decompressor, in.pointer(), inLength, out.pointer(), room, taken, given);
      if (result == LibDeflate.SUCCESS) {
        consumed = taken.getLong(0);
        produced = (int) given.getLong(0);
        return true;
      }
      if (result != LibDeflate.INSUFFICIENT_SPACE || room >= maxOutput) {
        return false;
      }
      long grown = Math.min(maxOutput, 2 * out.size());
      free(out);
      out = HugePageBuffer.allocate(grown);
    }
  }

  /** Input bytes the last clean {@link #inflate} took, up to the end of its final block. */
  long consumed() {
    return consumed;
  }

  /** Output bytes of the last clean {@link #inflate}. */
  int produced() {
    return produced;
  }

  /** Copies the output of the last clean {@link #inflate} to the start of {@code to}. */
  void copyOutput(byte[] to) {
    out.pointer().read(0, to, 0, produced);
  }

  /** Frees the decompressor and the memory; ending twice does nothing. */
  void end() {
    if (decompressor != null) {
      lib.libdeflate_free_decompressor(decompressor);
      decompressor = null;
      free(in);
      free(out);
      taken.close();
      given.close();
    }
  }

  private static void free(HugePageBuffer memory) {
    if (memory != null) {
      memory.close();
    }
  }
}
