package org.amibundle.partition;

import java.security.SecureRandom;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.amibundle.partition.gpt.GptEntry;
import org.amibundle.partition.gpt.GptTable;
import org.amibundle.partition.gpt.GptTypes;
import org.amibundle.partition.mbr.MbrEntry;
import org.amibundle.partition.mbr.MbrTable;
import org.amibundle.partition.mbr.MbrTypes;

/**
 * The tables ec2-bundle-vol and euca-bundle-vol make (docs/volume.md, "Partition layouts"), on
 * 512-byte sectors, with random disk signature and GUIDs as parted and sgdisk choose them.
 */
public final class Layouts {

  private static final int SECTOR = 512;
  private static final SecureRandom RANDOM = new SecureRandom();

  private Layouts() {}

  /** ec2-bundle-vol MBR: partition 1, primary, bootable, type 0x83, LBA 63 to the last sector. */
  public static MbrTable ec2BundleVolMbr(long diskBytes) {
    return mbr(diskBytes, 63, RANDOM);
  }

  /**
   * As {@link #ec2BundleVolMbr} with partition 1 from {@code firstLba}: bundle-vol starts it where
   * the source disk's first partition starts, so that a boot loader in the gap before it fits.
   */
  public static MbrTable ec2BundleVolMbr(long diskBytes, long firstLba) {
    if (firstLba < 1) {
      throw new IllegalArgumentException(
          "the partition must start after the MBR, got LBA " + firstLba);
    }
    return mbr(diskBytes, firstLba, RANDOM);
  }

  /** euca-bundle-vol MBR: as {@link #ec2BundleVolMbr} but from LBA 64. */
  public static MbrTable eucaBundleVolMbr(long diskBytes) {
    return mbr(diskBytes, 64, RANDOM);
  }

  /**
   * ec2-bundle-vol GPT: partition 128 "BIOS Boot Partition" (EF02) on LBA 2048-4095, partition 1
   * "Linux" (8300) from LBA 4096 to the last usable sector.
   */
  public static GptTable ec2BundleVolGpt(long diskBytes) {
    return ec2BundleVolGpt(diskBytes, RANDOM);
  }

  /** euca-bundle-vol GPT: as {@link #ec2BundleVolGpt} with the names "BIOS Boot" and "Image". */
  public static GptTable eucaBundleVolGpt(long diskBytes) {
    return gpt(diskBytes, "BIOS Boot", "Image", RANDOM);
  }

  static GptTable ec2BundleVolGpt(long diskBytes, Random random) {
    return gpt(diskBytes, "BIOS Boot Partition", "Linux", random);
  }

  static MbrTable mbr(long diskBytes, long start, Random random) {
    long sectors = sectors(diskBytes, start + 1);
    return new MbrTable(
        SECTOR,
        sectors,
        random.nextInt(),
        List.of(new MbrEntry(1, true, MbrTypes.LINUX, start, sectors - start)));
  }

  private static GptTable gpt(long diskBytes, String biosName, String linuxName, Random random) {
    long sectors = sectors(diskBytes, 4096 + 34);
    GptTable empty = GptTable.create(SECTOR, sectors, guid(random), List.of());
    return GptTable.create(
        SECTOR,
        sectors,
        empty.diskGuid(),
        List.of(
            new GptEntry(
                1,
                GptTypes.LINUX_FILESYSTEM,
                guid(random),
                4096,
                empty.lastUsableLba(),
                0,
                linuxName),
            new GptEntry(128, GptTypes.BIOS_BOOT, guid(random), 2048, 4095, 0, biosName)));
  }

  private static long sectors(long diskBytes, long minimum) {
    if (diskBytes % SECTOR != 0 || diskBytes / SECTOR < minimum) {
      throw new IllegalArgumentException(
          "disk size must be a multiple of 512 bytes and at least "
              + minimum
              + " sectors, got "
              + diskBytes
              + " bytes");
    }
    return diskBytes / SECTOR;
  }

  /** A random (version 4) GUID from {@code random}. */
  static UUID guid(Random random) {
    long high = random.nextLong() & ~0xF000L | 0x4000L;
    long low = random.nextLong() & ~(0xC000L << 48) | (0x8000L << 48);
    return new UUID(high, low);
  }
}
