package org.amibundle.bundle.volume;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.amibundle.AmiBundleException;
import org.amibundle.partition.Disk;
import org.amibundle.partition.PartitionTable;
import org.amibundle.partition.PartitionTables;

/**
 * The disk holding the volume's filesystem, found through sysfs (so NVMe, virtio and loop devices
 * work, not only the {@code sdX}/{@code xvdX} names the reference accepts), and what it holds: its
 * partition table, and the sectors a BIOS boot loader lives in.
 *
 * @param disk the whole disk, e.g. {@code /dev/nvme0n1}
 * @param partition the number of the volume's partition on it
 * @param table the disk's table
 * @param sizeBytes the disk's size
 */
record SourceDisk(Path disk, int partition, PartitionTable table, long sizeBytes) {

  private static final Path SYS_BLOCK = Path.of("/sys/class/block");

  /** What is known about the device a volume is mounted from. */
  sealed interface Probe {}

  /** The device is a partition of a disk whose table was read. */
  record Partitioned(SourceDisk disk) implements Probe {}

  /** The device is a whole disk or image without a table (parted's "loop"). */
  record WholeDisk(String device) implements Probe {}

  /** Not a block device, or its disk cannot be read; {@code why} says which. */
  record Unknown(String why) implements Probe {}

  /** Looks at the device {@code source} (as the mount table names it). */
  static Probe probe(String source) {
    String name;
    try {
      name = Path.of(source).toRealPath().getFileName().toString();
    } catch (IOException | RuntimeException e) {
      return new Unknown(source + " is not a device (" + e.getMessage() + ")");
    }
    Path sys = SYS_BLOCK.resolve(name);
    if (!Files.isDirectory(sys)) {
      return new Unknown(source + " is not a block device");
    }
    if (!Files.exists(sys.resolve("partition"))) {
      return new WholeDisk(source);
    }
    try {
      int number = Integer.parseInt(read(sys.resolve("partition")));
      String diskName = sys.toRealPath().getParent().getFileName().toString();
      Path disk = Path.of("/dev").resolve(diskName);
      long size = Long.parseLong(read(SYS_BLOCK.resolve(diskName).resolve("size"))) * 512;
      int sector =
          Integer.parseInt(read(SYS_BLOCK.resolve(diskName).resolve("queue/logical_block_size")));
      try (FileChannel channel = FileChannel.open(disk, StandardOpenOption.READ)) {
        PartitionTable table = PartitionTables.read(channel, size, sector);
        return new Partitioned(new SourceDisk(disk, number, table, size));
      }
    } catch (IOException | RuntimeException e) {
      return new Unknown(
          "the disk of "
              + source
              + " cannot be read ("
              + e.getMessage()
              + "; run as root to carry its partition table and boot loader over)");
    }
  }

  /** Reads {@code count} sectors of 512 bytes from {@code lba}. */
  byte[] read(long lba, int count) throws AmiBundleException, IOException {
    try (FileChannel channel = FileChannel.open(disk, StandardOpenOption.READ)) {
      return new Disk(channel, sizeBytes, 512).read(lba, count);
    }
  }

  private static String read(Path file) throws IOException {
    return new String(Files.readAllBytes(file), StandardCharsets.US_ASCII).strip();
  }
}
