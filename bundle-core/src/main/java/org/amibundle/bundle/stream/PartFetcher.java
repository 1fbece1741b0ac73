package org.amibundle.bundle.stream;

import java.io.IOException;
import org.amibundle.manifest.Part;

/** Reads the raw bytes of one part (from a directory, a stream, S3 ...), unchecked. */
@FunctionalInterface
public interface PartFetcher {

  /** The part's bytes; called once per part, in index order, from one thread at a time. */
  byte[] fetch(Part part) throws IOException;
}
