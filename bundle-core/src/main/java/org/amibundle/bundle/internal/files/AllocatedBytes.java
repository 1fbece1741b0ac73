package org.amibundle.bundle.internal.files;

import com.sun.jna.LastErrorException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Optional;
import org.amibundle.bundle.internal.nativelib.LibC;

/** The bytes a file takes on disk, 512 × {@code stx_blocks} as {@code statx} reports them. */
public final class AllocatedBytes {

  private static final int AT_FDCWD = -100;
  private static final int AT_EMPTY_PATH = 0x1000;
  private static final int STATX_BLOCKS = 0x400;
  private static final int STATX_BUFFER = 256;
  private static final int STX_MASK = 0;
  private static final int STX_BLOCKS = 48;

  private AllocatedBytes() {}

  /** Of the open file {@code fd}, or empty when statx is not available. */
  public static Optional<Long> of(int fd) {
    return statx(fd, "", AT_EMPTY_PATH);
  }

  /** Of the file at {@code path} (following links), or empty when statx cannot tell. */
  public static Optional<Long> of(Path path) {
    return statx(AT_FDCWD, path.toString(), 0);
  }

  private static Optional<Long> statx(int dirfd, String path, int flags) {
    if (LibC.INSTANCE == null) {
      return Optional.empty();
    }
    byte[] buffer = new byte[STATX_BUFFER];
    try {
      LibC.INSTANCE.statx(dirfd, path, flags, STATX_BLOCKS, buffer);
    } catch (LastErrorException | UnsatisfiedLinkError e) {
      return Optional.empty();
    }
    ByteBuffer statx = ByteBuffer.wrap(buffer).order(ByteOrder.nativeOrder());
    if ((statx.getInt(STX_MASK) & STATX_BLOCKS) == 0) {
      return Optional.empty();
    }
    return Optional.of(statx.getLong(STX_BLOCKS) * 512);
  }
}
