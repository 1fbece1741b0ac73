package org.amibundle.bundle.tar;

/**
 * What the tar header says about the image member besides its data: file name (no directory part),
 * permission bits and modification time in seconds since the epoch.
 */
public record TarEntryInfo(String name, int mode, long mtimeEpochSeconds) {

  public TarEntryInfo {
    String problem = MemberNames.problem(name);
    if (problem != null) {
      throw new IllegalArgumentException("tar member name " + problem);
    }
    if (mode < 0 || mode > 07777) {
      throw new IllegalArgumentException(
          "mode must be permission bits 0..07777, got 0" + Integer.toOctalString(mode));
    }
  }
}
