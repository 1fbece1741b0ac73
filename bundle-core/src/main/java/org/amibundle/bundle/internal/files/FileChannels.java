package org.amibundle.bundle.internal.files;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/** Positional writes that finish: a channel may write less than it is given. */
public final class FileChannels {

  private FileChannels() {}

  /**
   * Writes every remaining byte of {@code data} at {@code position}, leaving the channel's own
   * position alone; returns the position after the last byte.
   */
  public static long writeFully(FileChannel channel, ByteBuffer data, long position)
      throws IOException {
    long at = position;
    while (data.hasRemaining()) {
      at += channel.write(data, at);
    }
    return at;
  }
}
