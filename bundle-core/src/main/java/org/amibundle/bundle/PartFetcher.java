package org.amibundle.bundle;

import java.io.IOException;
import org.amibundle.manifest.Part;

/** Reads the raw bytes of one part (from a directory, a stream, S3 ...), unchecked. */
@FunctionalInterface
public interface PartFetcher {

  /**
   * The part's bytes, read into {@code buffer} when they fit (a fetcher may also return an array of
   * its own). The caller passes back an array it no longer reads, so that unbundling reuses two
   * part buffers instead of allocating one per part. Called once per part, in index order, from one
   * thread at a time.
   *
   * @param buffer an array the fetcher may overwrite, possibly empty
   */
  PartBytes fetch(Part part, byte[] buffer) throws IOException;
}
