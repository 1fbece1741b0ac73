package org.amibundle.bundle.convert;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.amibundle.AmiBundleException;
import org.amibundle.BadInputException;
import org.amibundle.LocalIoException;
import org.amibundle.NotFoundException;
import org.amibundle.Setting;
import org.amibundle.bundle.HoleDetection;
import org.amibundle.bundle.tar.DataLayout;
import org.amibundle.bundle.tar.Extent;
import org.amibundle.bundle.tar.HoleScanner;

/**
 * The target of a conversion, checked before anything is written: a block device or a file, at
 * least as large as the image, not in use, and (unless forced) empty — a device whose first and
 * last MiB (where partition tables live) are zeros, a file with no non-zero byte.
 *
 * @param path the device or file
 * @param device whether it is a block device
 * @param size the bytes the converted disk will have
 */
record ConvertTarget(Path path, boolean device, long size) {

  private static final int MIB = 1 << 20;
  private static final int S_IFMT = 0170000;
  private static final int S_IFBLK = 0060000;

  static ConvertTarget inspect(ConvertRequest request, long imageSize) throws IOException {
    Path path = request.target();
    if (Files.isDirectory(path)) {
      throw new IllegalArgumentException(
          "target " + path + " is a directory: give a block device" + " or a disk image file");
    }
    ConvertTarget target =
        Files.exists(path) && !Files.isRegularFile(path)
            ? device(request, path)
            : file(request, path, imageSize);
    if (target.size() < imageSize) {
      throw new BadInputException(
          "target "
              + path
              + " holds "
              + target.size()
              + " bytes but the"
              + " image needs "
              + imageSize
              + ": use a larger "
              + (target.device() ? "device" : "file")
              + (target.device() ? "" : " (" + Setting.SIZE + ")"));
    }
    if (!request.force() && !target.isEmpty()) {
      throw new IllegalArgumentException(
          "target "
              + path
              + " is not empty ("
              + (target.device()
                  ? "its first or last MiB, where partition tables are, holds data"
                  : "it holds data")
              + "): choose an empty target, or write over it with "
              + Setting.FORCE);
    }
    return target;
  }

  private static ConvertTarget device(ConvertRequest request, Path path) throws IOException {
    int mode = (Integer) Files.getAttribute(path, "unix:mode");
    if ((mode & S_IFMT) != S_IFBLK) {
      throw new IllegalArgumentException(
          "target " + path + " is neither a regular file nor a block device");
    }
    if (request.size().isPresent()) {
      throw new IllegalArgumentException(
          Setting.SIZE + " is for a new file; device " + path + " has its own size");
    }
    DeviceUsage.checkDevice(path);
    try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
      return new ConvertTarget(path, true, channel.size());
    } catch (IOException e) {
      throw new LocalIoException("cannot open device " + path + ": " + e.getMessage(), e);
    }
  }

  private static ConvertTarget file(ConvertRequest request, Path path, long imageSize)
      throws IOException {
    Path parent = path.toAbsolutePath().getParent();
    if (!Files.isDirectory(parent)) {
      throw new NotFoundException(
          "directory " + parent + " for the target does not exist:" + " create it first");
    }
    DeviceUsage.checkFile(path);
    long existing = Files.exists(path) ? Files.size(path) : 0;
    long size = request.size().orElse(existing > 0 ? existing : imageSize);
    return new ConvertTarget(path, false, size);
  }

  /** Whether the target holds nothing but zeros where it matters. */
  private boolean isEmpty() throws IOException {
    if (!Files.exists(path)) {
      return true;
    }
    try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
      if (device) {
        long length = channel.size();
        return zeros(channel, 0, Math.min(MIB, length))
            && zeros(channel, Math.max(0, length - MIB), Math.min(MIB, length));
      }
      DataLayout layout = HoleScanner.scan(path, HoleDetection.AUTO);
      for (Extent extent : layout.data()) {
        if (!zeros(channel, extent.offset(), extent.length())) {
          return false;
        }
      }
      return true;
    } catch (AmiBundleException e) {
      throw e;
    } catch (IOException e) {
      throw new LocalIoException(
          "cannot read target " + path + " to check it is empty: " + e.getMessage(), e);
    }
  }

  private static boolean zeros(FileChannel channel, long offset, long length) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(MIB);
    long position = offset;
    long end = offset + length;
    while (position < end) {
      buffer.clear().limit((int) Math.min(MIB, end - position));
      int n = channel.read(buffer, position);
      if (n < 0) {
        return true;
      }
      for (int i = 0; i < n; i++) {
        if (buffer.get(i) != 0) {
          return false;
        }
      }
      position += n;
    }
    return true;
  }
}
