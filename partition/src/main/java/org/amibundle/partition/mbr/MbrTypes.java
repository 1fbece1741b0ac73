package org.amibundle.partition.mbr;

/** MBR partition type bytes. */
public final class MbrTypes {

  /** An empty slot. */
  public static final int EMPTY = 0x00;

  /** FAT32 with LBA. */
  public static final int FAT32_LBA = 0x0C;

  /** Extended partition (CHS). */
  public static final int EXTENDED = 0x05;

  /** Extended partition (LBA). */
  public static final int EXTENDED_LBA = 0x0F;

  /** Linux extended partition. */
  public static final int LINUX_EXTENDED = 0x85;

  /** Linux swap. */
  public static final int LINUX_SWAP = 0x82;

  /** Linux filesystem (parted's and sfdisk's default). */
  public static final int LINUX = 0x83;

  /** Linux LVM. */
  public static final int LINUX_LVM = 0x8E;

  /** GPT protective partition: the disk has a GPT, this is not an MBR table. */
  public static final int GPT_PROTECTIVE = 0xEE;

  /** EFI system partition. */
  public static final int EFI_SYSTEM = 0xEF;

  private MbrTypes() {}

  /** Whether the type marks a container of logical partitions. */
  public static boolean isExtended(int type) {
    return type == EXTENDED || type == EXTENDED_LBA || type == LINUX_EXTENDED;
  }
}
