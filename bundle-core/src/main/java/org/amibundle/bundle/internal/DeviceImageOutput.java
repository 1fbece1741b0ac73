package org.amibundle.bundle.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import org.amibundle.BadInputException;
import org.amibundle.LocalIoException;

/**
 * Writes the image onto a block device from its first byte: the data where it lies, and each
 * hole made to read as zeros (the device may hold older data) by {@link ZeroRanges}, which has
 * the device zero it where it can and writes zeros once where it cannot. Nothing here can be
 * undone: a failure leaves the device partly written, and the error says so.
 */
public final class DeviceImageOutput implements ImageOutput {

  private final Path device;
  private final FileChannel channel;
  private final ZeroRanges zeros;
  private final WriteBehind writeBehind;
  private long position;
  private long size;

  private DeviceImageOutput(Path device, FileChannel channel) {
    this.device = device;
    this.channel = channel;
    this.zeros = ZeroRanges.on(device, channel);
    this.writeBehind = WriteBehind.on(device);
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
    long capacity = channel.size();
    if (capacity < imageSize) {
      throw new BadInputException("device " + device + " holds " + capacity
          + " bytes, the image needs " + imageSize + ": use a larger device");
    }
  }

  @Override
  public void write(ByteBuffer data, long offset) throws IOException {
    try {
      zeros.zero(position, offset - position);
      position = FileChannels.writeFully(channel, data, offset);
      writeBehind.written(offset, position - offset);
    } catch (IOException e) {
      throw failure(e);
    }
  }

  @Override
  public void end() throws IOException {
    try {
      zeros.zero(position, size - position);
      position = size;
    } catch (IOException e) {
      throw failure(e);
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
    writeBehind.close();
    zeros.close();
    try {
      channel.close();
    } catch (IOException e) {
      // the error that made us abort is the one reported
    }
  }

  private LocalIoException failure(IOException e) {
    return new LocalIoException("could not write the image to device " + device + " after "
        + position + " bytes (" + e.getMessage() + "); it is partly written and must not be used",
        e);
  }
}
