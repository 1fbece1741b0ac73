package org.amibundle.bundle.volume;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Optional;
import org.amibundle.Setting;
import org.amibundle.bundle.internal.files.FileChannels;
import org.amibundle.partition.PartitionTable;
import org.amibundle.partition.gpt.GptEntry;
import org.amibundle.partition.gpt.GptTable;
import org.amibundle.partition.gpt.GptTypes;
import org.amibundle.partition.mbr.MbrEntry;
import org.amibundle.partition.mbr.MbrTable;

/**
 * Carries a BIOS boot loader (GRUB 2 as distributions install it) from the source disk into the
 * image, instead of installing GRUB legacy as the reference does: the 440 bytes of boot code of
 * sector 0 (boot.img, which holds the LBA of the core image), and the core image itself: the BIOS
 * boot partition of a GPT disk, or the gap between the MBR and the first partition. The image's
 * layout keeps these where the source had them (the image's MBR partition starts where the source's
 * first did), so the LBAs written into boot.img and core.img stay right; the filesystem keeps its
 * UUID and label, which GRUB's configuration searches for.
 *
 * <p>What is not carried says why, in one line, instead of failing: the image is still a valid
 * disk; it boots with a kernel ID, or after a boot loader is installed into it.
 */
final class BootCarrier {

  private static final int SECTOR = 512;
  private static final int BOOT_CODE = 440;

  /** The MBR partition start ec2-bundle-vol uses, when the source gives none. */
  static final long REFERENCE_MBR_START = 63;

  /** The BIOS boot partition of the reference's GPT layout: LBA 2048, 1 MiB. */
  private static final long BIOS_BOOT_LBA = 2048;

  private static final int BIOS_BOOT_SECTORS = 2048;

  private BootCarrier() {}

  /** Where the image's MBR partition starts: where the source's first partition does (≤ 1 MiB). */
  static long mbrStart(SourceDisk.Probe probe) {
    if (probe instanceof SourceDisk.Partitioned p && p.disk().table() instanceof MbrTable mbr) {
      long first = mbr.partitions().stream().mapToLong(MbrEntry::firstLba).min().orElse(0);
      if (first >= REFERENCE_MBR_START && first <= BIOS_BOOT_LBA) {
        return first;
      }
    }
    return REFERENCE_MBR_START;
  }

  /**
   * Writes the source's boot code and core image into {@code image}, whose table is {@code target};
   * call before the table is written (it keeps the boot code). Returns why the image will not boot
   * by itself, if it will not.
   */
  static Optional<String> carry(SourceDisk.Probe probe, PartitionTable target, FileChannel image)
      throws IOException {
    if (!(probe instanceof SourceDisk.Partitioned partitioned)) {
      String why =
          probe instanceof SourceDisk.Unknown unknown
              ? unknown.why()
              : "the volume's disk has no partition table";
      return Optional.of(
          "the image has no boot loader: "
              + why
              + "; boot it with a kernel ID ("
              + Setting.KERNEL
              + ") or install one in the image");
    }
    SourceDisk disk = partitioned.disk();
    if (disk.table().sectorSize() != SECTOR) {
      return Optional.of(
          "the image has no boot loader: "
              + disk.disk()
              + " has "
              + disk.table().sectorSize()
              + "-byte sectors, the image 512-byte ones");
    }
    byte[] sector0 = disk.read(0, 1);
    if (isZero(sector0, BOOT_CODE)) {
      return Optional.of(
          "the image has no boot loader: the MBR of "
              + disk.disk()
              + " holds no boot code (a UEFI system?); boot it with a kernel ID ("
              + Setting.KERNEL
              + ")");
    }
    Optional<String> problem =
        target instanceof GptTable ? gptCore(disk, image) : mbrCore(disk, (MbrTable) target, image);
    if (problem.isPresent()) {
      return problem;
    }
    write(image, 0, java.util.Arrays.copyOf(sector0, BOOT_CODE));
    if (disk.partition() != 1) {
      return Optional.of(
          "the boot loader of "
              + disk.disk()
              + " was set up for partition "
              + disk.partition()
              + ", the image's filesystem is partition 1: it may not boot");
    }
    return Optional.empty();
  }

  private static Optional<String> gptCore(SourceDisk disk, FileChannel image) throws IOException {
    if (!(disk.table() instanceof GptTable gpt)) {
      return Optional.of(
          "the image has no boot loader: "
              + disk.disk()
              + " has an MBR table, the image a GPT: use "
              + Setting.PARTITION
              + " mbr");
    }
    Optional<GptEntry> bios =
        gpt.partitions().stream().filter(e -> e.type().equals(GptTypes.BIOS_BOOT)).findFirst();
    if (bios.isEmpty()) {
      return Optional.of(
          "the image has no boot loader: "
              + disk.disk()
              + " has no BIOS boot partition (UEFI boot is not carried over)");
    }
    GptEntry entry = bios.get();
    long sectors = entry.sectors();
    if (entry.firstLba() != BIOS_BOOT_LBA || sectors > BIOS_BOOT_SECTORS) {
      return Optional.of(
          "the image has no boot loader: the BIOS boot partition of "
              + disk.disk()
              + " lies at LBA "
              + entry.firstLba()
              + "+"
              + sectors
              + ", the image's at 2048+2048");
    }
    write(image, BIOS_BOOT_LBA * SECTOR, disk.read(entry.firstLba(), (int) sectors));
    return Optional.empty();
  }

  private static Optional<String> mbrCore(SourceDisk disk, MbrTable target, FileChannel image)
      throws IOException {
    if (!(disk.table() instanceof MbrTable)) {
      return Optional.of(
          "the image has no boot loader: "
              + disk.disk()
              + " has a GPT, the image an MBR table: use "
              + Setting.PARTITION
              + " gpt");
    }
    long start = target.partitions().get(0).firstLba();
    write(image, SECTOR, disk.read(1, (int) (start - 1)));
    return Optional.empty();
  }

  private static boolean isZero(byte[] bytes, int length) {
    for (int i = 0; i < length; i++) {
      if (bytes[i] != 0) {
        return false;
      }
    }
    return true;
  }

  private static void write(FileChannel image, long position, byte[] bytes) throws IOException {
    FileChannels.writeFully(image, ByteBuffer.wrap(bytes), position);
  }
}
