package org.amibundle.bundle.volume;

import java.util.ArrayList;
import java.util.List;
import org.amibundle.bundle.internal.process.ExternalProgram;

/**
 * The e2fsprogs, tar and mount programs bundle-vol relies on, found in the system directories (sbin
 * included: mke2fs, debugfs, blkid and dumpe2fs live there, and a user's PATH on Debian lacks it),
 * else on PATH. No secret is ever among their arguments: bundle-vol runs before any key exists.
 */
final class VolumePrograms {

  private VolumePrograms() {}

  /** {@code command}, with the advice to install the programs if it cannot be started. */
  static ExternalProgram of(List<String> command) {
    List<String> located = new ArrayList<>(command);
    ExternalProgram.inSystemDirectories(command.get(0))
        .ifPresent(path -> located.set(0, path.toString()));
    return ExternalProgram.of(located, "install it (e2fsprogs, tar, mount) and try again");
  }
}
