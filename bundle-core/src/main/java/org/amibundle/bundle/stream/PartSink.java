package org.amibundle.bundle.stream;

import java.io.IOException;
import org.amibundle.bundle.FinishedPart;

/**
 * Where {@link PartSplittingOutputStream} hands each finished part, in order: a staging directory,
 * an S3 upload, both. {@link #accept} may block until there is room for the part; that is how a
 * sink bounds the parts held in memory and slows the pipeline down to its own pace.
 */
@FunctionalInterface
public interface PartSink {

  /** Takes {@code part}, whose bytes now belong to the sink. */
  void accept(FinishedPart part) throws IOException;
}
