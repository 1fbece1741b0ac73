package org.amibundle.bundle.internal.output;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import org.amibundle.LocalIoException;

/**
 * Writes the image in order to a stream or a character device, holes as zeros (a stream has no
 * holes). Nothing here can be undone: a failed unbundle leaves it partly written, and the error
 * says so. A block device has its own output, {@link DeviceImageOutput}.
 */
public final class SequentialImageOutput implements ImageOutput {

  private static final byte[] ZEROS = new byte[1 << 20];

  private final OutputStream out;
  private final boolean owned;
  private final String description;
  private final byte[] buffer = new byte[1 << 20];
  private long position;
  private long size;

  private SequentialImageOutput(OutputStream out, boolean owned, String description) {
    this.out = out;
    this.owned = owned;
    this.description = description;
  }

  /** A character device or other special file, written as a stream and closed when done. */
  public static SequentialImageOutput special(Path file) throws IOException {
    try {
      return new SequentialImageOutput(
          Files.newOutputStream(file, StandardOpenOption.WRITE), true, file.toString());
    } catch (IOException e) {
      throw new LocalIoException("cannot open " + file + " for writing: " + e.getMessage(), e);
    }
  }

  /** The caller's stream; it is flushed, never closed. */
  public static SequentialImageOutput stream(OutputStream out, String description) {
    return new SequentialImageOutput(out, false, description);
  }

  @Override
  public void begin(String memberName, long imageSize) throws IOException {
    size = imageSize;
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
