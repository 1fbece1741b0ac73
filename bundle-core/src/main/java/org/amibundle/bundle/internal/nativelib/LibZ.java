package org.amibundle.bundle.internal.nativelib;

import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;

/**
 * The zlib calls amibundle makes through JNA: a raw inflate that stops at every deflate block
 * boundary ({@code Z_BLOCK}), which {@code java.util.zip.Inflater} cannot do. The {@code z_stream}
 * is native memory of {@link #STREAM_SIZE} bytes read and written at the offsets below, the layout
 * where {@code long} and pointers are 64 bits, the only place the library is loaded; {@code
 * inflateInit2_} checks the size against zlib's own.
 */
public final class LibZ {

  public static final int Z_OK = 0;

  public static final int Z_STREAM_END = 1;

  /** Flush value: return at the end of each deflate block. */
  public static final int Z_BLOCK = 5;

  /** {@code sizeof(z_stream)}. */
  public static final int STREAM_SIZE = 112;

  public static final int NEXT_IN = 0;
  public static final int AVAIL_IN = 8;
  public static final int TOTAL_IN = 16;
  public static final int NEXT_OUT = 24;
  public static final int AVAIL_OUT = 32;

  /**
   * {@code data_type} after an inflate: the unused bits of the last input byte taken (low 6 bits),
   * plus {@link #LAST_BLOCK} and {@link #AT_BOUNDARY}.
   */
  public static final int DATA_TYPE = 88;

  /** In {@code data_type}: the block being (or last) decoded is the final one. */
  public static final int LAST_BLOCK = 64;

  /** In {@code data_type}: inflate stopped at the end of a block. */
  public static final int AT_BOUNDARY = 128;

  /** zlib, or null where it cannot be loaded or the layout above does not hold. */
  public static final LibZ INSTANCE = load();

  private LibZ() {}

  public native String zlibVersion();

  /** Initialises a zeroed {@code z_stream}; negative {@code windowBits} for raw deflate. */
  public native int inflateInit2_(Pointer stream, int windowBits, String version, int streamSize);

  public native int inflate(Pointer stream, int flush);

  public native int inflateReset(Pointer stream);

  public native int inflateEnd(Pointer stream);

  private static LibZ load() {
    if (!Platform.isLinux()
        || Native.LONG_SIZE != Long.BYTES
        || Native.POINTER_SIZE != Long.BYTES) {
      return null;
    }
    return NativeLibraries.register(LibZ.class, "libz.so.1") ? new LibZ() : null;
  }
}
