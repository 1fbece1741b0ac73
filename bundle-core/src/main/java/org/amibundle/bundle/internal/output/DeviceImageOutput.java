package org.amibundle.bundle.internal.output;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import org.amibundle.BadInputException;
import org.amibundle.LocalIoException;
import org.amibundle.bundle.internal.files.FileChannels;

/**
 * Writes the image onto a block device from its first byte: the data where it lies, and each hole
 * made to read as zeros (the device may hold older data) by {@link ZeroRanges}, which has the
 * device zero it where it can and writes zeros once where it cannot. Nothing here can be undone: a
 * failure leaves the device partly written, and the error says so.
 *
 * <p>The data goes by direct I/O ({@link DirectWriter}) where the device takes it, except in a last
 * block the image fills only in part: no byte after the image is written. The blocks that direct
 * writes pad with zeros need no zeroing; the holes' other blocks get it as before.
 */
public final class DeviceImageOutput implements ImageOutput {

  private final Path device;
  private final FileChannel channel;
  private final ZeroRanges zeros;
  private final WriteBehind writeBehind;

  /** Empty where the device refuses direct I/O: the data goes through {@link #channel}. */
  private final Optional<DirectWriter> direct;

  /** Data before this goes by direct I/O: the end of the image's last whole block. */
  private long directEnd;

  private long position;
  private long size;

  private DeviceImageOutput(Path device, FileChannel channel) {
    this.device = device;
    this.channel = channel;
    this.zeros = ZeroRanges.on(device, channel);
    this.writeBehind = WriteBehind.on(device);
    this.direct = DirectWriter.open(device, writeBehind);
  }

  /** Opens {@code device} for writing; it must hold at least the image. */
  public static DeviceImageOutput open(Path device) throws IOException {
    try {
      return new DeviceImageOutput(device, FileChannel.open(device, StandardOpenOption.WRITE));
    } catch (IOException e) {
      throw new LocalIoException(
          "cannot open device " + device + " for writing: " + e.getMessage(), e);
    }
  }

  /** Hole bytes the device zeroed without data being written. */
  public long holesZeroedByDevice() {
    return zeros.zeroedByDevice();
  }

  /** Hole bytes written as zeros. */
  public long holesWrittenAsZeros() {
    return zeros.writtenAsZeros();
  }

  @Override
  public void begin(String memberName, long imageSize) throws IOException {
    size = imageSize;
    directEnd = direct.map(writer -> writer.alignDown(imageSize)).orElse(0L);
    long capacity = channel.size();
    if (capacity < imageSize) {
      throw new BadInputException(
          "device "
              + device
              + " holds "
              + capacity
              + " bytes, the image needs "
              + imageSize
              + ": use a larger device");
    }
  }

  @Override
  public void write(ByteBuffer data, long offset) throws IOException {
    try {
      zeroHole(offset);
      if (direct.isEmpty()) {
        position = FileChannels.writeFully(channel, data, offset);
        writeBehind.written(offset, position - offset);
        return;
      }
      int head = (int) Math.max(0, Math.min(data.remaining(), directEnd - offset));
      if (head > 0) {
        direct.get().write(data.slice(data.position(), head), offset);
        data.position(data.position() + head);
      }
      // The image's last, partial block: through the page cache, which keeps the bytes after it
      position = FileChannels.writeFully(channel, data, offset + head);
    } catch (IOException e) {
      throw failure(e);
    }
  }

  @Override
  public void end() throws IOException {
    try {
      zeroHole(size);
      position = size;
      if (direct.isPresent()) {
        direct.get().finish();
      }
    } catch (IOException e) {
      throw failure(e);
    }
  }

  /**
   * Makes the hole from the last data to {@code end} read as zeros, but for the blocks that direct
   * writes pad: the one the last data ends in, and the one {@code end} lies in.
   */
  private void zeroHole(long end) throws IOException {
    long from = position;
    long to = end;
    if (direct.isPresent()) {
      from = position < directEnd ? direct.get().alignUp(position) : position;
      to = end <= directEnd ? direct.get().alignDown(end) : end;
    }
    if (to > from) {
      zeros.zero(from, to - from);
    }
  }

  @Override
  public Optional<Path> commit() throws IOException {
    try {
      writeBehind.close();
      channel.force(true);
      zeros.close();
      channel.close();
    } catch (IOException e) {
      throw failure(e);
    }
    return Optional.empty();
  }

  @Override
  public void abort() {
    direct.ifPresent(DirectWriter::close);
    writeBehind.close();
    zeros.close();
    try {
      channel.close();
    } catch (IOException e) {
      // the error that made us abort is the one reported
    }
  }

  private LocalIoException failure(IOException e) {
    return new LocalIoException(
        "could not write the image to device "
            + device
            + " after "
            + position
            + " bytes ("
            + e.getMessage()
            + "); it is partly written and must not be used",
        e);
  }
}
