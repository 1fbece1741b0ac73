package org.amibundle.bundle.volume;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.util.Optional;
import org.amibundle.partition.Layouts;
import org.amibundle.partition.PartitionTable;
import org.amibundle.partition.PartitionTables;
import org.amibundle.partition.gpt.GptEntry;
import org.amibundle.partition.gpt.GptTable;
import org.amibundle.partition.mbr.MbrTable;

/**
 * Where the filesystem lies in the image: the whole image, or partition 1 of ec2-bundle-vol's MBR
 * or GPT layout (docs/volume.md, "Partition layouts").
 *
 * @param table the partition table, none for a plain filesystem image
 * @param offset the filesystem's first byte
 * @param bytes the filesystem's size
 */
record ImageLayout(Optional<PartitionTable> table, long offset, long bytes) {

  private static final int SECTOR = 512;

  /** The layout of {@code kind} (not auto) for an image of {@code size} bytes. */
  static ImageLayout of(Partitioning kind, long size, SourceDisk.Probe probe) {
    return switch (kind) {
      case NONE -> new ImageLayout(Optional.empty(), 0, size);
      case MBR -> {
        MbrTable mbr = Layouts.ec2BundleVolMbr(size, BootCarrier.mbrStart(probe));
        yield new ImageLayout(
            Optional.of(mbr),
            mbr.partitions().get(0).firstLba() * SECTOR,
            mbr.partitions().get(0).sectors() * SECTOR);
      }
      case GPT -> {
        GptTable gpt = Layouts.ec2BundleVolGpt(size);
        GptEntry linux =
            gpt.partitions().stream().filter(e -> e.number() == 1).findFirst().orElseThrow();
        yield new ImageLayout(
            Optional.of(gpt), linux.firstLba() * SECTOR, linux.sectors() * SECTOR);
      }
      case AUTO -> throw new IllegalArgumentException("decide the partitioning before the layout");
    };
  }

  /**
   * Writes the boot loader carried from the source disk, then the table, into {@code image}.
   * Returns why the image will not boot by itself, if it will not.
   */
  Optional<String> write(FileChannel image, long size, SourceDisk.Probe probe) throws IOException {
    if (table.isEmpty()) {
      return Optional.empty();
    }
    Optional<String> unbootable = BootCarrier.carry(probe, table.get(), image);
    PartitionTables.write(image, size, table.get());
    return unbootable;
  }
}
