package org.amibundle.bundle.internal;

import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;

/**
 * The libdeflate calls amibundle makes through JNA: whole-buffer raw deflate decompression, much
 * faster than zlib's inflate (figures in {@code benchmarks/README.md}). {@code size_t} is mapped
 * to {@code long}, so the library is used only where {@code size_t} is 64 bits.
 */
public final class LibDeflate {

  /** {@code libdeflate_result}: the data ended with its final block and fitted. */
  public static final int SUCCESS = 0;

  /** {@code libdeflate_result}: the output did not fit in the room given. */
  public static final int INSUFFICIENT_SPACE = 3;

  /**
   * libdeflate, or null where it cannot be loaded (Debian/Ubuntu package {@code libdeflate0} not
   * installed, not Linux, 32-bit): callers then inflate with {@code java.util.zip.Inflater}. Loaded
   * by its exact soname, so the dynamic linker picks the ABI these declarations were written for.
   */
  public static final LibDeflate INSTANCE = load();

  private LibDeflate() {}

  /** A decompressor, or null without memory; not thread-safe, freed by the call below. */
  public native Pointer libdeflate_alloc_decompressor();

  /**
   * Inflates raw deflate data up to and including its first final block; the bytes of input that
   * took and the bytes of output it gave are stored as {@code size_t} at the two return pointers.
   */
  public native int libdeflate_deflate_decompress_ex(
      Pointer decompressor,
      Pointer in,
      long inBytes,
      Pointer out,
      long outBytesAvailable,
      Pointer actualInBytesReturned,
      Pointer actualOutBytesReturned);

  public native void libdeflate_free_decompressor(Pointer decompressor);

  private static LibDeflate load() {
    if (!Platform.isLinux() || Native.SIZE_T_SIZE != Long.BYTES) {
      return null;
    }
    return NativeLibraries.register(LibDeflate.class, "libdeflate.so.0") ? new LibDeflate() : null;
  }
}
