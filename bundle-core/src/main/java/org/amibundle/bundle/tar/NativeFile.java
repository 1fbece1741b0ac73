package org.amibundle.bundle.tar;

import com.sun.jna.LastErrorException;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.amibundle.LocalIoException;
import org.amibundle.bundle.internal.files.AllocatedBytes;
import org.amibundle.bundle.internal.nativelib.LibC;

/**
 * A read-only Linux file descriptor through libc, for what Java cannot ask: allocated blocks
 * ({@code statx}), the filesystem's hole map ({@code lseek SEEK_DATA/SEEK_HOLE}) and the size of a
 * block device ({@code lseek SEEK_END}).
 */
final class NativeFile implements Closeable {

  private static final int O_RDONLY_CLOEXEC = 02000000;
  private static final int SEEK_END = 2;
  private static final int SEEK_DATA = 3;
  private static final int SEEK_HOLE = 4;
  private static final int ENXIO = 6;

  private static final LibC LIBC = LibC.INSTANCE;

  private final Path path;
  private final int fd;

  private NativeFile(Path path, int fd) {
    this.path = path;
    this.fd = fd;
  }

  /** Opens {@code path} (following links), or returns empty where libc is not usable. */
  static Optional<NativeFile> open(Path path) throws LocalIoException {
    if (LIBC == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(new NativeFile(path, LIBC.open(path.toString(), O_RDONLY_CLOEXEC)));
    } catch (LastErrorException e) {
      throw new LocalIoException(
          "could not open image "
              + path
              + ": errno "
              + e.getErrorCode()
              + "; check that it exists and is readable",
          e);
    }
  }

  /** Bytes allocated on disk (512 × st_blocks), or empty when statx is not available. */
  Optional<Long> allocatedBytes() {
    return AllocatedBytes.of(fd);
  }

  /**
   * The data extents as {@code SEEK_DATA}/{@code SEEK_HOLE} report them, in GNU tar's way: empty
   * when the filesystem cannot tell (the call fails other than at the end, or it reports the whole
   * file as one data extent, as generic implementations do).
   */
  Optional<List<Extent>> dataExtents(long size) throws LocalIoException {
    List<Extent> data = new ArrayList<>();
    long offset = 0;
    while (true) {
      long dataStart;
      long holeStart;
      try {
        dataStart = LIBC.lseek(fd, offset, SEEK_DATA);
        holeStart = LIBC.lseek(fd, dataStart, SEEK_HOLE);
      } catch (LastErrorException e) {
        if (e.getErrorCode() == ENXIO) {
          return Optional.of(data);
        }
        return Optional.empty();
      }
      if (offset == 0 && dataStart == 0 && holeStart == size) {
        return Optional.empty();
      }
      if (holeStart <= dataStart || holeStart > size) {
        throw new LocalIoException(
            "image "
                + path
                + " changed while its holes were mapped: data at "
                + dataStart
                + ", hole at "
                + holeStart
                + ", size "
                + size
                + "; bundle it when nothing writes to it");
      }
      data.add(new Extent(dataStart, holeStart - dataStart));
      offset = holeStart;
    }
  }

  /** The offset of the end of the file; for a block device, the device size. */
  long end() throws LocalIoException {
    try {
      return LIBC.lseek(fd, 0, SEEK_END);
    } catch (LastErrorException e) {
      throw new LocalIoException(
          "could not find the size of " + path + ": errno " + e.getErrorCode(), e);
    }
  }

  @Override
  public void close() throws IOException {
    try {
      LIBC.close(fd);
    } catch (LastErrorException e) {
      throw new LocalIoException("could not close " + path + ": errno " + e.getErrorCode(), e);
    }
  }
}
