package org.amibundle.bundle.tar;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Optional;
import org.amibundle.AmiBundleException;
import org.amibundle.BadInputException;
import org.amibundle.LocalIoException;
import org.amibundle.NotFoundException;
import org.amibundle.bundle.HoleDetection;

/**
 * Finds where an image file or block device holds data. {@link HoleDetection#AUTO} on a regular
 * file decides as GNU tar 1.34 {@code -S} does, so that the tar stream matches GNU's: a file whose
 * allocated blocks cover its size is dense; otherwise the {@code SEEK_DATA}/{@code SEEK_HOLE} map,
 * or GNU's 512-byte zero scan where the filesystem cannot tell. Only the extent list grows with the
 * image, and only with the number of extents.
 */
public final class HoleScanner {

  private static final int S_IFMT = 0170000;
  private static final int S_IFBLK = 0060000;

  private HoleScanner() {}

  /** The image's size and data extents (symbolic links followed). */
  public static DataLayout scan(Path image, HoleDetection mode) throws IOException {
    try {
      BasicFileAttributes attributes = Files.readAttributes(image, BasicFileAttributes.class);
      boolean device = !attributes.isRegularFile() && isBlockDevice(image);
      if (!attributes.isRegularFile() && !device) {
        throw new BadInputException(
            "image "
                + image
                + " is neither a regular file nor a block device;"
                + " give an image file or a disk device");
      }
      long size = device ? deviceSize(image) : attributes.size();
      try (FileChannel channel = FileChannel.open(image)) {
        return switch (mode) {
          case NONE -> DataLayout.dense(size);
          case ZERO_SCAN -> ZeroBlocks.scan(channel, size, ZeroBlocks.PAGE, image.toString());
          case AUTO ->
              device
                  ? ZeroBlocks.scan(channel, size, ZeroBlocks.PAGE, image.toString())
                  : likeGnuTar(image, size, channel);
        };
      }
    } catch (NoSuchFileException e) {
      throw new NotFoundException("image " + image + " does not exist; check the path", e);
    } catch (AmiBundleException e) {
      throw e;
    } catch (IOException e) {
      throw new LocalIoException(
          "could not read image " + image + ": " + e.getMessage() + "; check that it is readable",
          e);
    }
  }

  private static DataLayout likeGnuTar(Path image, long size, FileChannel channel)
      throws IOException {
    Optional<NativeFile> opened = NativeFile.open(image);
    if (opened.isEmpty()) {
      return ZeroBlocks.scan(channel, size, ZeroBlocks.PAGE, image.toString());
    }
    try (NativeFile file = opened.get()) {
      Optional<Long> allocated = file.allocatedBytes();
      long blocksNeeded = (size + 511) / 512 * 512;
      if (allocated.isPresent() && allocated.get() >= blocksNeeded) {
        return DataLayout.dense(size);
      }
      Optional<List<Extent>> data = file.dataExtents(size);
      if (data.isPresent()) {
        return new DataLayout(size, data.get());
      }
      if (allocated.isEmpty()) {
        return DataLayout.dense(size);
      }
      return ZeroBlocks.scan(channel, size, ZeroBlocks.GNU_RECORD_BLOCK, image.toString());
    }
  }

  private static boolean isBlockDevice(Path image) throws IOException {
    try {
      return ((Integer) Files.getAttribute(image, "unix:mode") & S_IFMT) == S_IFBLK;
    } catch (UnsupportedOperationException | IllegalArgumentException e) {
      return Files.readAttributes(image, BasicFileAttributes.class).isOther();
    }
  }

  private static long deviceSize(Path device) throws IOException {
    Optional<NativeFile> opened = NativeFile.open(device);
    if (opened.isPresent()) {
      try (NativeFile file = opened.get()) {
        return file.end();
      }
    }
    Path sectors =
        Path.of("/sys/class/block", device.toRealPath().getFileName().toString(), "size");
    if (Files.isReadable(sectors)) {
      return Long.parseLong(Files.readString(sectors).trim()) * 512;
    }
    try (FileChannel channel = FileChannel.open(device)) {
      return channel.size();
    }
  }
}
