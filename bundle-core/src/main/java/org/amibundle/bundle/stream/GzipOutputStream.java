package org.amibundle.bundle.stream;

import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.GZIPOutputStream;

/** A single-member gzip stream (no file name, as {@code gzip} writes from a pipe) at a given level. */
public final class GzipOutputStream extends GZIPOutputStream {

  private static final int BUFFER = 1 << 16;

  public GzipOutputStream(OutputStream next, int level) throws IOException {
    super(next, BUFFER);
    def.setLevel(level);
  }
}
