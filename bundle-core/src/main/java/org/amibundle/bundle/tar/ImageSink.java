package org.amibundle.bundle.tar;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Receives the image member of a bundle's tar stream as it is read. Calls come in this order:
 * {@link #begin} once, {@link #write} zero or more times with increasing, non-overlapping offsets
 * (gaps between writes are holes and read as zeros), then {@link #end} once.
 */
public interface ImageSink {

  /** The member has been validated: its file name (no directory part) and its full size. */
  void begin(String memberName, long size) throws IOException;

  /** Image bytes at {@code offset}; the buffer is only valid during the call. */
  void write(ByteBuffer data, long offset) throws IOException;

  /** Every data byte has been delivered; the image is {@code size} bytes long. */
  void end() throws IOException;
}
