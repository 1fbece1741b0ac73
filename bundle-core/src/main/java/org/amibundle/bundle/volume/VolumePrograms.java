package org.amibundle.bundle.volume;

import java.util.List;
import org.amibundle.bundle.internal.process.ExternalProgram;

/**
 * The e2fsprogs, tar and mount programs bundle-vol relies on, found on PATH. No secret is ever
 * among their arguments: bundle-vol runs before any key exists.
 */
final class VolumePrograms {

  private VolumePrograms() {}

  /** {@code command}, with the advice to install the programs if it cannot be started. */
  static ExternalProgram of(List<String> command) {
    return ExternalProgram.of(command, "install it (e2fsprogs, tar, mount) and try again");
  }
}
