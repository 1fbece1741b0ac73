package org.amibundle.bundle.stream;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import org.amibundle.bundle.internal.nativelib.LibDeflate;

/**
 * The two ways gunzip pieces are inflated, which the tests run in turn: libdeflate first, as where
 * it is installed, or {@code java.util.zip.Inflater} only. The tests need libdeflate and fail
 * without it rather than skip.
 */
enum Inflation {
  LIBDEFLATE,
  INFLATER;

  /** libdeflate for {@link #LIBDEFLATE}, failing the test where it cannot be loaded; else null. */
  LibDeflate library() {
    if (this == INFLATER) {
      return null;
    }
    assertNotNull(
        LibDeflate.INSTANCE,
        "libdeflate.so.0 could not be loaded: install the package libdeflate0 (.ci/run does)");
    return LibDeflate.INSTANCE;
  }

  ParallelGunzipInputStream open(byte[] gz, int threads) throws IOException {
    return new ParallelGunzipInputStream(new ByteArrayInputStream(gz), threads, library());
  }

  /** A segment for pieces of up to {@code outputLimit} bytes of output, inflated this way. */
  InflateSegment segment(int outputLimit) {
    return new InflateSegment(16, outputLimit, library());
  }
}
