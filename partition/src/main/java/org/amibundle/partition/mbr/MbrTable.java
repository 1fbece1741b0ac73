package org.amibundle.partition.mbr;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.amibundle.AmiBundleException;
import org.amibundle.BadInputException;
import org.amibundle.partition.Disk;
import org.amibundle.partition.PartitionTable;
import org.amibundle.partition.Problem;
import org.amibundle.partition.SectorRun;

/**
 * An MBR (DOS) partition table: up to four primary entries, one of which may be an extended
 * partition holding logical partitions (read only; {@link #toSectors()} writes primaries).
 *
 * @param sectorSize logical sector size
 * @param diskSectors sectors of the disk
 * @param diskSignature the 32-bit disk signature at byte 440 (sfdisk's label-id)
 * @param partitions primary entries by slot number, then logical partitions from 5
 */
public record MbrTable(
    int sectorSize, long diskSectors, int diskSignature, List<MbrEntry> partitions)
    implements PartitionTable {

  /** Most logical partitions followed in an EBR chain. */
  static final int MAX_LOGICALS = 256;

  /** Sectors that 32-bit MBR fields can address. */
  static final long MAX_SECTORS = 1L << 32;

  public MbrTable {
    if (sectorSize != 512 && sectorSize != 4096) {
      throw new IllegalArgumentException("sector size must be 512 or 4096, got " + sectorSize);
    }
    partitions = partitions.stream().sorted(Comparator.comparingInt(MbrEntry::number)).toList();
    Set<Integer> numbers = new HashSet<>();
    for (MbrEntry e : partitions) {
      if (!numbers.add(e.number())) {
        throw new IllegalArgumentException(
            "partition numbers must be unique, got " + e.number() + " twice");
      }
    }
  }

  /**
   * Reads the MBR of a disk and follows its extended partition's EBR chain. Fails if sector 0 is no
   * MBR, is a GPT protective MBR, or the EBR chain is broken.
   */
  public static MbrTable read(Disk disk) throws AmiBundleException {
    if (disk.sectors() < 1) {
      throw new BadInputException("the disk is smaller than one sector");
    }
    MbrTable primary = MbrCodec.fromBytes(disk.read(0, 1), disk.sectorSize(), disk.sectors());
    List<MbrEntry> all = new ArrayList<>(primary.partitions());
    for (MbrEntry e : primary.partitions()) {
      if (e.type() == MbrTypes.GPT_PROTECTIVE) {
        throw new BadInputException("sector 0 is a GPT protective MBR but there is no usable GPT");
      }
    }
    MbrEntry extended =
        primary.partitions().stream()
            .filter(e -> MbrTypes.isExtended(e.type()))
            .findFirst()
            .orElse(null);
    if (extended != null) {
      all.addAll(logicals(disk, extended));
    }
    return new MbrTable(disk.sectorSize(), disk.sectors(), primary.diskSignature(), all);
  }

  private static List<MbrEntry> logicals(Disk disk, MbrEntry extended) throws AmiBundleException {
    List<MbrEntry> logicals = new ArrayList<>();
    Set<Long> visited = new HashSet<>();
    long ebr = extended.firstLba();
    for (int i = 0; i < MAX_LOGICALS; i++) {
      if (ebr < extended.firstLba() || ebr > extended.lastLba() || ebr >= disk.sectors()) {
        throw new BadInputException(
            "EBR at LBA "
                + ebr
                + " lies outside extended partition "
                + extended.number()
                + " ("
                + extended.firstLba()
                + "-"
                + extended.lastLba()
                + ") or the disk");
      }
      if (!visited.add(ebr)) {
        throw new BadInputException("the EBR chain loops back to LBA " + ebr);
      }
      List<MbrEntry> slots;
      try {
        slots = MbrCodec.slots(disk.read(ebr, 1), 0);
      } catch (BadInputException e) {
        throw new BadInputException("EBR at LBA " + ebr + ": " + e.getMessage(), e);
      }
      MbrEntry link = null;
      for (MbrEntry s : slots) {
        if (MbrTypes.isExtended(s.type())) {
          link = link == null ? s : link;
        } else if (logicals.size() == i) {
          logicals.add(
              new MbrEntry(5 + i, s.bootable(), s.type(), ebr + s.firstLba(), s.sectors()));
        }
      }
      if (link == null) {
        return logicals;
      }
      ebr = extended.firstLba() + link.firstLba();
    }
    throw new BadInputException(
        "more than " + MAX_LOGICALS + " logical partitions in the EBR chain");
  }

  /**
   * The same table on a disk of {@code newDiskSectors}, with the partition that ends last grown to
   * the disk's last sector (or to the 2 TiB that 32-bit MBR fields reach on 512-byte sectors). It
   * must be a primary partition: growing a logical one would mean rewriting its extended container
   * and EBR, which is not done here.
   */
  public MbrTable growLastPartition(long newDiskSectors) throws BadInputException {
    MbrEntry last =
        partitions.stream()
            .max(Comparator.comparingLong(MbrEntry::lastLba))
            .orElseThrow(() -> new BadInputException("the MBR has no partition to grow"));
    if (!last.isPrimary() || MbrTypes.isExtended(last.type())) {
      throw new BadInputException(
          "the partition that ends last, "
              + last.number()
              + ", is "
              + (last.isPrimary() ? "an extended container" : "a logical partition")
              + "; only a primary partition can be grown here: grow it with parted or sfdisk");
    }
    long newLastLba = Math.min(newDiskSectors, MAX_SECTORS) - 1;
    if (newLastLba < last.lastLba()) {
      throw new BadInputException(
          "partition "
              + last.number()
              + " ends at LBA "
              + last.lastLba()
              + ", past the last sector "
              + newLastLba
              + " of a disk of "
              + newDiskSectors
              + " sectors");
    }
    List<MbrEntry> grown = new ArrayList<>(partitions);
    grown.replaceAll(
        e ->
            e == last
                ? new MbrEntry(
                    e.number(), e.bootable(), e.type(), e.firstLba(), newLastLba - e.firstLba() + 1)
                : e);
    return new MbrTable(sectorSize, newDiskSectors, diskSignature, grown);
  }

  @Override
  public List<SectorRun> toSectors() throws BadInputException {
    return List.of(new SectorRun(0, MbrCodec.toBytes(this, new byte[0])));
  }

  @Override
  public List<Problem> verify() {
    return MbrChecks.check(this);
  }
}
