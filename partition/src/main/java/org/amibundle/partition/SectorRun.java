package org.amibundle.partition;

import java.util.Objects;

/**
 * Bytes to be written at a sector of a disk: what a codec produces for one structure (MBR, GPT
 * header, entry array).
 *
 * @param lba the first sector
 * @param bytes a whole number of sectors
 */
public record SectorRun(long lba, byte[] bytes) {

  public SectorRun {
    if (lba < 0) {
      throw new IllegalArgumentException("LBA must not be negative, got " + lba);
    }
    Objects.requireNonNull(bytes, "bytes");
  }
}
