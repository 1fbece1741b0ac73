package org.amibundle.bundle.convert;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.amibundle.BadInputException;
import org.amibundle.LocalIoException;
import org.amibundle.Setting;
import org.amibundle.bundle.HoleDetection;
import org.amibundle.bundle.internal.process.ExternalProgram;
import org.amibundle.bundle.internal.staging.WorkEntry;
import org.amibundle.bundle.tar.DataLayout;
import org.amibundle.bundle.tar.Extent;
import org.amibundle.bundle.tar.HoleScanner;

/**
 * Grows the ext2/3/4 filesystem of a region of a disk (a partition, or the whole of an
 * unpartitioned image) to fill it: {@code e2fsck -f -p} first, as resize2fs requires, then {@code
 * resize2fs}. On a device both reach a partition through e2fsprogs' {@code NAME?offset=N} I/O
 * option, so no kernel partition table, loop device or root is needed.
 */
final class ExtFilesystem {

  private static final long SUPERBLOCK_MAGIC_OFFSET = 1024 + 56;
  private static final int EXT_MAGIC = 0xEF53;
  private static final String NEED = "to grow an ext2/3/4 filesystem with " + Setting.GROW;
  private static final String INSTALL = "install e2fsprogs (and util-linux)";

  private final Path e2fsck;
  private final Path resize2fs;

  private ExtFilesystem(Path e2fsck, Path resize2fs) {
    this.e2fsck = e2fsck;
    this.resize2fs = resize2fs;
  }

  /** The tools, or a failure before anything is written. */
  static ExtFilesystem tools() throws LocalIoException {
    return new ExtFilesystem(
        ExternalProgram.find("e2fsck", NEED, INSTALL),
        ExternalProgram.find("resize2fs", NEED, INSTALL));
  }

  /** Whether the region starting at {@code offset} holds an ext2/3/4 superblock. */
  static boolean isExt(FileChannel disk, long offset) throws LocalIoException {
    ByteBuffer magic = ByteBuffer.allocate(2).order(ByteOrder.LITTLE_ENDIAN);
    try {
      while (magic.hasRemaining()) {
        if (disk.read(magic, offset + SUPERBLOCK_MAGIC_OFFSET + magic.position()) < 0) {
          return false;
        }
      }
    } catch (IOException e) {
      throw new LocalIoException(
          "could not read the filesystem superblock at byte " + offset + ": " + e.getMessage(), e);
    }
    return (magic.getShort(0) & 0xFFFF) == EXT_MAGIC;
  }

  /**
   * Checks and grows the filesystem at {@code offset} of {@code disk} to {@code length} bytes
   * (rounded down to its block size). {@code what} names the region in messages.
   *
   * <p>On a device the tools reach the region in place. A file is different: resize2fs sets a
   * regular file's length to the new filesystem size, ignoring the offset, which would cut off the
   * end of the partition and the backup GPT. So a partition of a file is grown in a sparse scratch
   * file beside it, holding only that partition, and its data copied back.
   */
  void grow(Path disk, long offset, long length, String what) throws IOException {
    if (offset == 0 || !Files.isRegularFile(disk)) {
      growInPlace(disk.toRealPath(), offset, length, what);
      return;
    }
    try (WorkEntry work = WorkEntry.file(disk.toAbsolutePath().getParent(), "partition")) {
      Path scratch = work.path();
      copyData(disk, offset, length, scratch, 0);
      try (RandomAccessFile file =
          work.guarded(() -> new RandomAccessFile(scratch.toFile(), "rw"))) {
        file.setLength(length);
      }
      growInPlace(scratch.toRealPath(), 0, length, what);
      copyData(scratch, 0, length, disk, offset);
    }
  }

  private void growInPlace(Path disk, long offset, long length, String what) throws IOException {
    String name = "./" + disk.getFileName() + (offset == 0 ? "" : "?offset=" + offset);
    ExternalProgram.Outcome check = run(disk.getParent(), e2fsck, "-f", "-p", name);
    if (check.exitCode() >= 4) {
      throw new BadInputException(
          "the ext filesystem of "
              + what
              + " has errors e2fsck -p does not"
              + " repair (exit "
              + check.exitCode()
              + ": "
              + check.tail()
              + "); the image itself is"
              + " as bundled. Convert without "
              + Setting.GROW
              + ", then run e2fsck -f and resize2fs on it");
    }
    ExternalProgram.Outcome resize = run(disk.getParent(), resize2fs, name, (length / 1024) + "K");
    if (resize.exitCode() != 0) {
      throw new LocalIoException(
          "resize2fs could not grow the filesystem of "
              + what
              + " to "
              + length
              + " bytes (exit "
              + resize.exitCode()
              + ": "
              + resize.tail()
              + ")");
    }
  }

  /** Runs {@code program} in {@code directory}, as long as the filesystem's size makes it take. */
  private static ExternalProgram.Outcome run(Path directory, Path program, String... arguments)
      throws LocalIoException {
    List<String> command = new ArrayList<>(List.of(program.toString()));
    command.addAll(List.of(arguments));
    return ExternalProgram.of(command, INSTALL).in(directory).run();
  }

  /** Copies the data (not the holes) of {@code from}'s region to {@code to} at {@code toOffset}. */
  private static void copyData(Path from, long fromOffset, long length, Path to, long toOffset)
      throws IOException {
    DataLayout layout = HoleScanner.scan(from, HoleDetection.AUTO);
    try (FileChannel source = FileChannel.open(from, StandardOpenOption.READ);
        FileChannel target = FileChannel.open(to, StandardOpenOption.WRITE)) {
      for (Extent extent : layout.data()) {
        long start = Math.max(extent.offset(), fromOffset);
        long end = Math.min(extent.end(), fromOffset + length);
        for (long position = start; position < end; ) {
          target.position(toOffset + position - fromOffset);
          position += source.transferTo(position, end - position, target);
        }
      }
      target.force(true);
    }
  }

  /** What to tell the user about a region whose filesystem is not ext2/3/4. */
  static String leftAsIs(String what) {
    return "the filesystem of "
        + what
        + " is not ext2/3/4 and was left as is:"
        + " grow it with its own tool (e.g. xfs_growfs once mounted)";
  }
}
