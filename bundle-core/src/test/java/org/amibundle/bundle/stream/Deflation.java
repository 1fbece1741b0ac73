package org.amibundle.bundle.stream;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import org.amibundle.bundle.internal.nativelib.LibDeflate;
import org.amibundle.bundle.internal.nativelib.LibZ;

/**
 * The two ways gzip blocks are deflated, which the tests run in turn: libdeflate (with zlib to make
 * its blocks joinable), as where both are installed, or {@code java.util.zip.Deflater} only. The
 * tests need both libraries and fail without them rather than skip.
 */
enum Deflation {
  LIBDEFLATE,
  DEFLATER;

  /**
   * libdeflate for {@link #LIBDEFLATE}, failing the test where it or zlib cannot load; else null.
   */
  LibDeflate library() {
    if (this == DEFLATER) {
      return null;
    }
    assertNotNull(
        LibDeflate.INSTANCE,
        "libdeflate.so.0 could not be loaded: install the package libdeflate0 (.ci/run does)");
    assertNotNull(LibZ.INSTANCE, "libz.so.1 could not be loaded: install the package zlib1g");
    return LibDeflate.INSTANCE;
  }
}
