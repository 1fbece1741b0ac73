package org.amibundle.bundle.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import org.amibundle.BadInputException;
import org.amibundle.LocalIoException;

/**
 * Writes the image in order to a block device or a stream, holes as zeros (a device may hold older
 * data; a stream has no holes). Nothing here can be undone: a failed unbundle onto a device or a
 * stream leaves it partly written, and the error says so.
 */
public final class SequentialImageOutput implements ImageOutput {

  private static final byte[] ZEROS = new byte[1 << 20];

  private final OutputStream out;
  private final FileChannel device;
  private final boolean owned;
  private final String description;
  private final byte[] buffer = new byte[1 << 20];
  private long position;
  private long size;

  private SequentialImageOutput(
      OutputStream out, FileChannel device, boolean owned, String description) {
    this.out = out;
    this.device = device;
    this.owned = owned;
    this.description = description;
  }

  /** A block device, written from its first byte; it must hold at least the image. */
  public static SequentialImageOutput device(Path device) throws IOException {
    try {
      FileChannel channel = FileChannel.open(device, StandardOpenOption.WRITE);
      return new SequentialImageOutput(
          Channels.newOutputStream(channel), channel, true, "device " + device);
    } catch (IOException e) {
      throw new LocalIoException(
          "cannot open device " + device + " for writing: " + e.getMessage(), e);
    }
  }

  /** A character device or other special file, written as a stream and closed when done. */
  public static SequentialImageOutput special(Path file) throws IOException {
    try {
      return new SequentialImageOutput(
          Files.newOutputStream(file, StandardOpenOption.WRITE), null, true, file.toString());
    } catch (IOException e) {
      throw new LocalIoException("cannot open " + file + " for writing: " + e.getMessage(), e);
    }
  }

  /** The caller's stream; it is flushed, never closed. */
  public static SequentialImageOutput stream(OutputStream out, String description) {
    return new SequentialImageOutput(out, null, false, description);
  }

  @Override
  public void begin(String memberName, long imageSize) throws IOException {
    size = imageSize;
    if (device != null && device.size() < imageSize) {
      throw new BadInputException(
          description
              + " holds "
              + device.size()
              + " bytes, the image needs "
              + imageSize
              + ": use a larger device");
    }
  }

  @Override
  public void write(ByteBuffer data, long offset) throws IOException {
    zeroFillTo(offset);
    while (data.hasRemaining()) {
      int n = Math.min(data.remaining(), buffer.length);
      data.get(buffer, 0, n);
      emit(buffer, n);
    }
  }

  @Override
  public void end() throws IOException {
    zeroFillTo(size);
    try {
      out.flush();
    } catch (IOException e) {
      throw failure(e);
    }
  }

  private void zeroFillTo(long offset) throws IOException {
    while (position < offset) {
      emit(ZEROS, (int) Math.min(ZEROS.length, offset - position));
    }
  }

  private void emit(byte[] bytes, int length) throws IOException {
    try {
      out.write(bytes, 0, length);
    } catch (IOException e) {
      throw failure(e);
    }
    position += length;
  }

  @Override
  public Optional<Path> commit() throws IOException {
    try {
      if (device != null) {
        device.force(true);
      }
      if (owned) {
        out.close();
      }
    } catch (IOException e) {
      throw failure(e);
    }
    return Optional.empty();
  }

  @Override
  public void abort() {
    if (owned) {
      try {
        out.close();
      } catch (IOException e) {
        // the error that made us abort is the one reported
      }
    }
  }

  private LocalIoException failure(IOException e) {
    return new LocalIoException(
        "could not write the image to "
            + description
            + " after "
            + position
            + " bytes ("
            + e.getMessage()
            + "); it is partly written and must not be used",
        e);
  }
}
