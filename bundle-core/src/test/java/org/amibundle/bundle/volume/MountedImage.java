package org.amibundle.bundle.volume;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import org.amibundle.partition.PartitionTable;
import org.amibundle.partition.PartitionTables;
import org.amibundle.partition.gpt.GptTable;
import org.amibundle.partition.mbr.MbrTable;
import org.amibundle.testing.ExternalTool;

/**
 * An image's filesystem, checked with e2fsck and mounted read-only by the kernel (tests run as
 * root).
 */
final class MountedImage implements AutoCloseable {

  private final Path mountPoint;

  private MountedImage(Path mountPoint) {
    this.mountPoint = mountPoint;
  }

  /** The byte offset of the image's filesystem: partition 1, or 0 without a table. */
  static long filesystemOffset(Path image) throws IOException {
    try (FileChannel channel = FileChannel.open(image, StandardOpenOption.READ)) {
      Optional<PartitionTable> table = PartitionTables.detect(channel, Files.size(image), 512);
      if (table.isEmpty()) {
        return 0;
      }
      if (table.get() instanceof GptTable gpt) {
        return gpt.partitions().stream()
                .filter(e -> e.number() == 1)
                .findFirst()
                .orElseThrow()
                .firstLba()
            * 512;
      }
      return ((MbrTable) table.get()).partitions().get(0).firstLba() * 512;
    }
  }

  /** Runs {@code e2fsck -fn} on the image's filesystem; fails the test on any problem. */
  static void fsck(Path image) throws IOException {
    long offset = filesystemOffset(image);
    ExternalTool.run(null, "e2fsck", "-fn", image + "?offset=" + offset).orFail();
  }

  static MountedImage mount(Path image, Path mountPoint) throws IOException {
    Files.createDirectories(mountPoint);
    ExternalTool.run(
            null,
            "mount",
            "-o",
            "ro,loop,offset=" + filesystemOffset(image),
            image.toString(),
            mountPoint.toString())
        .orFail();
    return new MountedImage(mountPoint);
  }

  Path root() {
    return mountPoint;
  }

  @Override
  public void close() {
    ExternalTool.run(null, "umount", mountPoint.toString()).orFail();
  }
}
