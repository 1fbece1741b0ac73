package org.amibundle.partition.mbr;

/**
 * One used MBR partition: a primary entry (numbers 1 to 4, extended containers included) or a
 * logical partition (5 and up, numbered as the kernel and sfdisk number them). CHS fields are not
 * kept: they are derived from the LBA values when written.
 *
 * @param number 1 to 4 for primary entries (its slot), 5 and up for logical partitions
 * @param bootable the boot flag (status byte 0x80)
 * @param type the type byte, see {@link MbrTypes}; never {@link MbrTypes#EMPTY}
 * @param firstLba the first sector, absolute
 * @param sectors the size in sectors
 */
public record MbrEntry(int number, boolean bootable, int type, long firstLba, long sectors) {

  public MbrEntry {
    if (number < 1) {
      throw new IllegalArgumentException("partition number must be at least 1, got " + number);
    }
    if (type <= 0 || type > 0xFF) {
      throw new IllegalArgumentException("type must be a non-zero byte, got " + type);
    }
    if (firstLba < 0 || sectors < 0) {
      throw new IllegalArgumentException(
          "first LBA and size must not be negative, got " + firstLba + " and " + sectors);
    }
  }

  /** The last sector, inclusive. */
  public long lastLba() {
    return firstLba + sectors - 1;
  }

  /** Whether this is one of the four entries of the MBR sector. */
  public boolean isPrimary() {
    return number <= 4;
  }
}
