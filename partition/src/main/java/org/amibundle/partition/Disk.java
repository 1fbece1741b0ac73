package org.amibundle.partition;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.util.Objects;
import org.amibundle.BadInputException;
import org.amibundle.LocalIoException;

/**
 * A disk or image seen as sectors: the channel to read, its size in bytes and its logical sector
 * size. Reads are positional and bounded; short reads past the end are failures, never waits.
 *
 * @param channel the image or device, opened for reading (and writing to write a table)
 * @param sizeBytes the size of the disk; only whole sectors count
 * @param sectorSize the logical sector size, 512 or 4096
 */
public record Disk(SeekableByteChannel channel, long sizeBytes, int sectorSize) {

  public Disk {
    Objects.requireNonNull(channel, "channel");
    if (sectorSize != 512 && sectorSize != 4096) {
      throw new IllegalArgumentException("sector size must be 512 or 4096, got " + sectorSize);
    }
    if (sizeBytes < 0) {
      throw new IllegalArgumentException("disk size must not be negative, got " + sizeBytes);
    }
  }

  /** Whole sectors on the disk. */
  public long sectors() {
    return sizeBytes / sectorSize;
  }

  /** The last sector's LBA (where the backup GPT header belongs). */
  public long lastLba() {
    return sectors() - 1;
  }

  /** Reads {@code count} sectors from {@code lba}; fails if they are not all on the disk. */
  public byte[] read(long lba, int count) throws BadInputException, LocalIoException {
    if (lba < 0 || count < 0 || lba > sectors() || count > sectors() - lba) {
      throw new BadInputException(
          "sectors "
              + lba
              + "+"
              + count
              + " lie beyond the end of the disk ("
              + sectors()
              + " sectors of "
              + sectorSize
              + " bytes)");
    }
    ByteBuffer buffer = ByteBuffer.allocate(Math.multiplyExact(count, sectorSize));
    long position = lba * sectorSize;
    try {
      while (buffer.hasRemaining()) {
        channel.position(position + buffer.position());
        if (channel.read(buffer) < 0) {
          throw new BadInputException(
              "disk ends at byte "
                  + (position + buffer.position())
                  + ", before sector "
                  + (lba + count - 1)
                  + " which its size promises");
        }
      }
    } catch (IOException e) {
      if (e instanceof BadInputException bad) {
        throw bad;
      }
      throw new LocalIoException("could not read sector " + lba + ": " + e.getMessage(), e);
    }
    return buffer.array();
  }

  /** Writes bytes at a sector. */
  public void write(SectorRun run) throws LocalIoException {
    ByteBuffer buffer = ByteBuffer.wrap(run.bytes());
    long position = run.lba() * sectorSize;
    try {
      while (buffer.hasRemaining()) {
        channel.position(position + buffer.position());
        channel.write(buffer);
      }
    } catch (IOException e) {
      throw new LocalIoException("could not write sector " + run.lba() + ": " + e.getMessage(), e);
    }
  }
}
