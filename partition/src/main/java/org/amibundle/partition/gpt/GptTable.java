package org.amibundle.partition.gpt;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.amibundle.AmiBundleException;
import org.amibundle.BadInputException;
import org.amibundle.partition.Disk;
import org.amibundle.partition.PartitionTable;
import org.amibundle.partition.Problem;
import org.amibundle.partition.SectorRun;

/**
 * A GUID partition table: the values both headers share, the used entries, and (for a table read
 * from a disk) the damage found there. The primary header is at LBA 1, the backup header at {@link
 * #backupLba()} with its entry array right before it.
 *
 * @param sectorSize logical sector size
 * @param backupLba where the backup header is: the last sector of the disk the table describes
 * @param diskGuid the disk GUID
 * @param firstUsableLba first sector partitions may use
 * @param lastUsableLba last sector partitions may use
 * @param primaryEntriesLba first sector of the primary entry array (normally 2)
 * @param entryCount entries in each array (normally 128)
 * @param entrySize bytes per entry (normally 128)
 * @param partitions the used entries, by number
 * @param damage what reading the disk found wrong (empty for a table made in memory)
 */
public record GptTable(
    int sectorSize,
    long backupLba,
    UUID diskGuid,
    long firstUsableLba,
    long lastUsableLba,
    long primaryEntriesLba,
    int entryCount,
    int entrySize,
    List<GptEntry> partitions,
    List<Problem> damage)
    implements PartitionTable {

  public GptTable {
    if (sectorSize != 512 && sectorSize != 4096) {
      throw new IllegalArgumentException("sector size must be 512 or 4096, got " + sectorSize);
    }
    Objects.requireNonNull(diskGuid, "diskGuid");
    if (entrySize < 128 || entrySize % 8 != 0) {
      throw new IllegalArgumentException(
          "entry size must be a multiple of 8 from 128, got " + entrySize);
    }
    if (entryCount < 1 || (long) entryCount * entrySize > GptCodec.MAX_ENTRIES_BYTES) {
      throw new IllegalArgumentException(
          "entry array must hold 1 to 16 MiB of entries, got "
              + Integer.toUnsignedString(entryCount)
              + " of "
              + entrySize
              + " bytes");
    }
    if (primaryEntriesLba < 2 || backupLba <= primaryEntriesLba) {
      throw new IllegalArgumentException(
          "entries must start at LBA 2 or later and before the backup header"
              + " at "
              + backupLba
              + ", got "
              + primaryEntriesLba);
    }
    partitions = partitions.stream().sorted(Comparator.comparingInt(GptEntry::number)).toList();
    Set<Integer> numbers = new HashSet<>();
    for (GptEntry e : partitions) {
      if (e.number() > entryCount || !numbers.add(e.number())) {
        throw new IllegalArgumentException(
            "partition numbers must be unique and at most " + entryCount + ", got " + e.number());
      }
      if (e.type().equals(GptTypes.UNUSED)) {
        throw new IllegalArgumentException("partition " + e.number() + " has the unused type GUID");
      }
    }
    damage = List.copyOf(damage);
  }

  /**
   * An empty table as sgdisk makes it: 128 entries of 128 bytes at LBA 2, usable space between the
   * entry arrays, backup header on the last sector.
   */
  public static GptTable create(
      int sectorSize, long diskSectors, UUID diskGuid, List<GptEntry> partitions) {
    long entriesSectors = (128L * 128 + sectorSize - 1) / sectorSize;
    long last = diskSectors - 1;
    return new GptTable(
        sectorSize,
        last,
        diskGuid,
        2 + entriesSectors,
        last - entriesSectors - 1,
        2,
        128,
        128,
        partitions,
        List.of());
  }

  /** Reads and checks both GPT copies of a disk; empty if neither has a GPT signature. */
  public static java.util.Optional<GptTable> read(Disk disk) throws AmiBundleException {
    return GptReader.read(disk);
  }

  @Override
  public long diskSectors() {
    return backupLba + 1;
  }

  /** Sectors one entry array takes. */
  public long entriesSectors() {
    return ((long) entryCount * entrySize + sectorSize - 1) / sectorSize;
  }

  /** Where the backup entry array goes: right before the backup header. */
  public long backupEntriesLba() {
    return backupLba - entriesSectors();
  }

  GptHeader primaryHeader(int entriesCrc) {
    return new GptHeader(
        GptHeader.REVISION_1_0,
        GptHeader.SIZE,
        0,
        1,
        backupLba,
        firstUsableLba,
        lastUsableLba,
        diskGuid,
        primaryEntriesLba,
        entryCount,
        entrySize,
        entriesCrc);
  }

  GptHeader backupHeader(int entriesCrc) {
    return new GptHeader(
        GptHeader.REVISION_1_0,
        GptHeader.SIZE,
        0,
        backupLba,
        1,
        firstUsableLba,
        lastUsableLba,
        diskGuid,
        backupEntriesLba(),
        entryCount,
        entrySize,
        entriesCrc);
  }

  @Override
  public List<SectorRun> toSectors() {
    return GptCodec.toBytes(this);
  }

  @Override
  public List<Problem> verify() {
    List<Problem> problems = new ArrayList<>(damage);
    GptChecks.layout(this, problems);
    return List.copyOf(problems);
  }

  /**
   * The same table on a disk of {@code newDiskSectors}: backup entries and header moved to its end.
   */
  public GptTable relocateBackup(long newDiskSectors) throws BadInputException {
    long newBackup = newDiskSectors - 1;
    long newLastUsable = newBackup - entriesSectors() - 1;
    long end = partitions.stream().mapToLong(GptEntry::lastLba).max().orElse(firstUsableLba - 1);
    if (newLastUsable < end || newLastUsable < firstUsableLba - 1) {
      throw new BadInputException(
          "a disk of "
              + newDiskSectors
              + " sectors is too small for this GPT:"
              + " partitions end at LBA "
              + end
              + " but usable space would end at "
              + newLastUsable);
    }
    return new GptTable(
        sectorSize,
        newBackup,
        diskGuid,
        firstUsableLba,
        newLastUsable,
        primaryEntriesLba,
        entryCount,
        entrySize,
        partitions,
        List.of());
  }

  /** The same table with the partition that ends last grown to the last usable sector. */
  public GptTable growLastPartition() throws BadInputException {
    GptEntry last =
        partitions.stream()
            .max(Comparator.comparingLong(GptEntry::lastLba))
            .orElseThrow(() -> new BadInputException("the GPT has no partition to grow"));
    List<GptEntry> grown = new ArrayList<>(partitions);
    grown.replaceAll(e -> e == last ? e.withLastLba(lastUsableLba) : e);
    return new GptTable(
        sectorSize,
        backupLba,
        diskGuid,
        firstUsableLba,
        lastUsableLba,
        primaryEntriesLba,
        entryCount,
        entrySize,
        grown,
        List.of());
  }
}
