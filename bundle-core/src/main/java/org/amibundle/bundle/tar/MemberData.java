package org.amibundle.bundle.tar;

import java.io.IOException;
import org.amibundle.IntegrityException;

/**
 * Reads a member's stored data, the layout's extents one after another, and the padding to the next
 * block straight from the tar stream, and hands the data to the sink at its image offsets.
 */
record MemberData(CountingInputStream raw, String member, DataLayout layout, ImageSink sink) {

  private static final int BUFFER = 1 << 20;

  void deliver() throws IOException {
    long dataStart = raw.count();
    byte[] buffer = new byte[BUFFER];
    for (Extent extent : layout.data()) {
      for (long done = 0; done < extent.length(); ) {
        int want = (int) Math.min(buffer.length, extent.length() - done);
        if (raw.readNBytes(buffer, 0, want) != want) {
          throw new IntegrityException(
              "tar stream ended inside member '"
                  + member
                  + "' after "
                  + (raw.count() - dataStart)
                  + " of "
                  + layout.dataBytes()
                  + " bytes; the bundle is incomplete or damaged,"
                  + " fetch it again");
        }
        ZeroBlocks.deliver(buffer, want, extent.offset() + done, layout.size(), sink);
        done += want;
      }
    }
    int padding = (int) (-layout.dataBytes() & (TarHeader.BLOCK - 1));
    if (raw.readNBytes(buffer, 0, padding) != padding) {
      throw new IntegrityException(
          "tar stream ended in the padding after member '"
              + member
              + "'; the bundle is incomplete or damaged, fetch it again");
    }
  }
}
