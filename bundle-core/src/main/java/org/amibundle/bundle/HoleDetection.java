package org.amibundle.bundle;

/** How the bundler finds the holes of an image it reads from a file or device. */
public enum HoleDetection {
  /**
   * The filesystem's own hole map ({@code SEEK_DATA}/{@code SEEK_HOLE}), as GNU {@code tar -S}
   * does; where the filesystem or the platform cannot tell, a scan for zero blocks.
   */
  AUTO,
  /** Scan the image for all-zero blocks; finds holes in fully allocated files and devices too. */
  ZERO_SCAN,
  /** No holes: every byte is stored, as euca2ools does. */
  NONE
}
