package org.amibundle.bundle.internal.nativelib;

import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;

/**
 * The libdeflate calls amibundle makes through JNA: whole-buffer raw deflate compression and
 * decompression, much faster than zlib's (figures in {@code benchmarks/README.md}). {@code size_t}
 * is mapped to {@code long}, so the library is used only where {@code size_t} is 64 bits.
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

  /** A compressor at {@code level} (0 to 12), or null without memory; not thread-safe. */
  public native Pointer libdeflate_alloc_compressor(int level);

  /**
   * Deflates {@code in} whole into raw deflate data that ends with a final block; returns its
   * length, or 0 if it did not fit (never with the room the bound below gives).
   */
  public native long libdeflate_deflate_compress(
      Pointer compressor, Pointer in, long inBytes, Pointer out, long outBytesAvailable);

  /** The most bytes {@link #libdeflate_deflate_compress} can give for {@code inBytes} of input. */
  public native long libdeflate_deflate_compress_bound(Pointer compressor, long inBytes);

  public native void libdeflate_free_compressor(Pointer compressor);

  private static LibDeflate load() {
    if (!Platform.isLinux() || Native.SIZE_T_SIZE != Long.BYTES) {
      return null;
    }
    return NativeLibraries.register(LibDeflate.class, "libdeflate.so.0") ? new LibDeflate() : null;
  }
}
