package org.amibundle.partition;

import java.nio.channels.SeekableByteChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.amibundle.AmiBundleException;
import org.amibundle.BadInputException;
import org.amibundle.LocalIoException;
import org.amibundle.partition.gpt.GptTable;
import org.amibundle.partition.mbr.MbrCodec;
import org.amibundle.partition.mbr.MbrTable;

/** Finds, reads, checks and writes the partition table of an image or device. */
public final class PartitionTables {

  private PartitionTables() {}

  /**
   * The table of a disk: its GPT if either copy is usable (the backup when the primary's content is
   * damaged, noted in {@link PartitionTable#verify()}), else its MBR. A protective MBR alone is no
   * MBR table.
   *
   * @throws BadInputException if there is no parseable table
   * @throws org.amibundle.IntegrityException if there is a GPT but neither copy is usable
   * @throws LocalIoException if the disk cannot be read
   */
  public static PartitionTable read(SeekableByteChannel channel, long diskSize, int sectorSize)
      throws AmiBundleException {
    Disk disk = new Disk(channel, diskSize, sectorSize);
    Optional<GptTable> gpt = GptTable.read(disk);
    if (gpt.isPresent()) {
      return gpt.get();
    }
    try {
      return MbrTable.read(disk);
    } catch (BadInputException e) {
      throw new BadInputException(
          "no partition table: no GPT header at LBA 1 or on the last sector,"
              + " and sector 0 is no MBR ("
              + e.getMessage()
              + ")",
          e);
    }
  }

  /**
   * Like {@link #read} but empty when the disk has no table at all (no GPT header, no MBR boot
   * signature): an unpartitioned filesystem image.
   */
  public static Optional<PartitionTable> detect(
      SeekableByteChannel channel, long diskSize, int sectorSize) throws AmiBundleException {
    Disk disk = new Disk(channel, diskSize, sectorSize);
    Optional<GptTable> gpt = GptTable.read(disk);
    if (gpt.isPresent()) {
      return Optional.of(gpt.get());
    }
    if (disk.sectors() < 1) {
      return Optional.empty();
    }
    byte[] sector = disk.read(0, 1);
    if ((sector[510] & 0xFF) != 0x55 || (sector[511] & 0xFF) != 0xAA) {
      return Optional.empty();
    }
    return Optional.of(MbrTable.read(disk));
  }

  /**
   * Every problem of a disk's table: damage to either GPT copy, copies that disagree, a misplaced
   * backup, a missing protective MBR, partitions off the disk or overlapping, MBR CHS fields that
   * do not match their LBAs, or no table at all. Empty when the table is sound. Only a failure to
   * read the disk is thrown.
   */
  public static List<Problem> verify(SeekableByteChannel channel, long diskSize, int sectorSize)
      throws LocalIoException {
    try {
      PartitionTable table = read(channel, diskSize, sectorSize);
      List<Problem> problems = new ArrayList<>(table.verify());
      if (table instanceof MbrTable) {
        problems.addAll(MbrCodec.chsProblems(new Disk(channel, diskSize, sectorSize).read(0, 1)));
      }
      return List.copyOf(problems);
    } catch (LocalIoException e) {
      throw e;
    } catch (AmiBundleException e) {
      List<Problem> problems = new ArrayList<>();
      for (String line : e.getMessage().split("\n")) {
        if (!line.isBlank()) {
          problems.add(new Problem(line.strip(), "partition table", "a usable GPT or MBR", "none"));
        }
      }
      return problems;
    }
  }

  /**
   * Writes a table: for a GPT the protective MBR, primary header and entries, backup entries and
   * header; for an MBR its sector 0. The boot code in sector 0 (bytes 0 to 439) is kept. The disk
   * must be at least as large as the table says.
   */
  public static void write(SeekableByteChannel channel, long diskSize, PartitionTable table)
      throws AmiBundleException {
    Disk disk = new Disk(channel, diskSize, table.sectorSize());
    if (disk.sectors() < table.diskSectors()) {
      throw new BadInputException(
          "the table is for "
              + table.diskSectors()
              + " sectors but the disk has "
              + disk.sectors());
    }
    List<SectorRun> runs = table.toSectors();
    byte[] existing = disk.read(0, 1);
    for (SectorRun run : runs) {
      if (run.lba() == 0) {
        System.arraycopy(existing, 0, run.bytes(), 0, 440);
      }
      disk.write(run);
    }
  }
}
