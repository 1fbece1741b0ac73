package org.amibundle.bundle.convert;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.amibundle.bundle.internal.process.ExternalProgram;

/** Asks the kernel to read a device's partition table again, so its partitions show as written. */
final class KernelTable {

  private KernelTable() {}

  /** Empty when the kernel took the new table; otherwise a note on what the user should do. */
  static List<String> reread(Path device) {
    String note =
        "the kernel may still show the old partitions of "
            + device
            + "; run partprobe "
            + device
            + " (or detach and attach the volume) before using them here";
    try {
      String install = "install e2fsprogs (and util-linux)";
      Path blockdev = ExternalProgram.find("blockdev", "to re-read a partition table", install);
      Path real = device.toRealPath();
      ExternalProgram.Outcome outcome =
          ExternalProgram.of(List.of(blockdev.toString(), "--rereadpt", real.toString()), install)
              .in(real.getParent())
              .within(ExternalProgram.QUICK)
              .run();
      return outcome.exitCode() == 0 ? List.of() : List.of(note + " (" + outcome.tail() + ")");
    } catch (IOException e) {
      return List.of(note + " (" + e.getMessage() + ")");
    }
  }
}
