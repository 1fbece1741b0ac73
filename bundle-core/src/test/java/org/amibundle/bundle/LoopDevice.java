package org.amibundle.bundle;

import java.nio.file.Path;
import org.amibundle.testing.ExternalTool;

/** A real block device (a loop device over a file; tests run as root, as CI does). */
public final class LoopDevice implements AutoCloseable {

  private final Path device;

  private LoopDevice(Path device) {
    this.device = device;
  }

  public static LoopDevice attach(Path backingFile) {
    String name =
        ExternalTool.run(null, "losetup", "--find", "--show", backingFile.toString())
            .orFail()
            .stdoutText()
            .trim();
    return new LoopDevice(Path.of(name));
  }

  /** A loop device whose partitions the kernel scans ({@code /dev/loopNpM}). */
  public static LoopDevice attachWithPartitions(Path backingFile) {
    String name =
        ExternalTool.run(null, "losetup", "--find", "--show", "--partscan", backingFile.toString())
            .orFail()
            .stdoutText()
            .trim();
    // --partscan does not always scan at once (some sandboxes); partx adds what is missing
    ExternalTool.run(null, "partx", "--update", name).orFail();
    return new LoopDevice(Path.of(name));
  }

  public Path path() {
    return device;
  }

  @Override
  public void close() {
    ExternalTool.run(null, "losetup", "--detach", device.toString()).orFail();
  }
}
