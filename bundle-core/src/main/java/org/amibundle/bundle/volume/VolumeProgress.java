package org.amibundle.bundle.volume;

import java.util.List;

/**
 * What {@link VolumeCloner} reports while it works, in this order: the exclusions, notes and
 * warnings as they arise, the fstab it wrote. Every method defaults to doing nothing.
 */
public interface VolumeProgress {

  /** The directories and paths left out, before copying starts. */
  default void excluding(List<String> paths) {}

  /** Something the user may want to know (partition type chosen, filesystem identity). */
  default void note(String message) {}

  /** Something that makes the image less than a faithful, bootable copy. */
  default void warning(String message) {}

  /** The {@code /etc/fstab} written into the image, when it is not the volume's own. */
  default void fstab(String content) {}
}
