package org.amibundle.bundle;

import java.nio.file.Path;
import org.amibundle.testing.ExternalTool;

/**
 * A real tmpfs (or ramfs) mounted on a test directory (tests run as root, as CI does): a full or
 * read-only disk, or one without fallocate.
 */
public final class Tmpfs implements AutoCloseable {

  private final Path mountPoint;

  private Tmpfs(Path mountPoint) {
    this.mountPoint = mountPoint;
  }

  /** {@code options} as for mount -o, e.g. {@code size=1m} or {@code ro}. */
  public static Tmpfs mount(Path mountPoint, String options) {
    ExternalTool.run(null, "mount", "-t", "tmpfs", "-o", options, "tmpfs", mountPoint.toString())
        .orFail();
    return new Tmpfs(mountPoint);
  }

  /**
   * A ramfs instead: memory without a size limit and without fallocate, so a loop device over a
   * file on it cannot discard or write zeroes (the kernel refuses to zero its ranges).
   */
  public static Tmpfs ramfs(Path mountPoint) {
    ExternalTool.run(null, "mount", "-t", "ramfs", "ramfs", mountPoint.toString()).orFail();
    return new Tmpfs(mountPoint);
  }

  @Override
  public void close() {
    ExternalTool.run(null, "umount", mountPoint.toString()).orFail();
  }
}
