package org.amibundle.bundle.convert;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.amibundle.AmiBundleException;
import org.amibundle.BadInputException;
import org.amibundle.LocalIoException;
import org.amibundle.Setting;
import org.amibundle.bundle.internal.output.ZeroRanges;
import org.amibundle.partition.PartitionTable;
import org.amibundle.partition.PartitionTables;
import org.amibundle.partition.Problem;
import org.amibundle.partition.gpt.GptEntry;
import org.amibundle.partition.gpt.GptTable;
import org.amibundle.partition.mbr.MbrEntry;
import org.amibundle.partition.mbr.MbrTable;

/**
 * Fits a written image to a larger target: a GPT's backup header and entries move to the target's
 * end (the old ones, left in the middle, are zeroed so that no tool finds a stale "EFI PART", as
 * are the last sectors of a reused target, where an older disk's backup GPT may be); on request the
 * last partition grows to fill the target (GPT or MBR), and its ext2/3/4 filesystem with it. An
 * unpartitioned ext image grows as a whole.
 */
final class TargetFitter {

  static final int SECTOR = 512;

  /** A backup GPT header and a 16 KiB entry array, as sgdisk and parted write them. */
  private static final long STALE_GPT_SECTORS = 33;

  /** What fitting did; see {@link ConvertResult}. */
  record Fitted(
      Optional<String> partitionTable,
      boolean backupMoved,
      OptionalInt grownPartition,
      boolean filesystemGrown,
      List<String> notes) {}

  /** The table work done, and the region whose filesystem is to grow. */
  private record Resized(
      Optional<String> table, boolean backupMoved, OptionalInt partition, Optional<Region> grow) {}

  /** Where a filesystem to grow lies, and how messages name it. */
  private record Region(long offset, long length, String what) {}

  private final Optional<ExtFilesystem> ext;

  /** With {@code ext} (the user asked to grow) the last partition and its filesystem grow. */
  TargetFitter(Optional<ExtFilesystem> ext) {
    this.ext = ext;
  }

  Fitted fit(Path target, long imageSize, long targetSize) throws IOException {
    List<String> notes = new ArrayList<>();
    Resized resized;
    try (FileChannel disk =
        FileChannel.open(target, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      Optional<PartitionTable> table = table(disk, imageSize, notes);
      long imageSectors = (imageSize + SECTOR - 1) / SECTOR;
      long targetSectors = targetSize / SECTOR;
      // a reused volume may end in an older backup GPT that tools would still find
      zero(target, disk, Math.max(imageSectors, targetSectors - STALE_GPT_SECTORS), targetSectors);
      for (Problem problem : table.map(PartitionTable::verify).orElse(List.of())) {
        notes.add("the image's partition table has a problem: " + problem);
      }
      if (table.isEmpty()) {
        resized =
            new Resized(
                Optional.empty(),
                false,
                OptionalInt.empty(),
                ext.map(e -> new Region(0, targetSize, "the unpartitioned image")));
      } else if (table.get() instanceof GptTable gpt) {
        resized = gpt(target, disk, gpt, targetSize);
      } else {
        resized = mbr(disk, (MbrTable) table.get(), targetSize);
      }
      disk.force(true);
      Optional<Region> region = resized.grow();
      if (region.isPresent() && !ExtFilesystem.isExt(disk, region.get().offset())) {
        notes.add(ExtFilesystem.leftAsIs(region.get().what()));
        region = Optional.empty();
      }
      resized = new Resized(resized.table(), resized.backupMoved(), resized.partition(), region);
    } catch (AmiBundleException e) {
      throw e;
    } catch (IOException e) {
      throw new LocalIoException(
          "could not update the partition table of " + target + ": " + e.getMessage(), e);
    }
    if (resized.grow().isPresent()) {
      Region region = resized.grow().get();
      ext.orElseThrow().grow(target, region.offset(), region.length(), region.what());
    }
    return new Fitted(
        resized.table(),
        resized.backupMoved(),
        resized.partition(),
        resized.grow().isPresent(),
        notes);
  }

  /**
   * The image's table. One that cannot be read stops a conversion that must grow it; otherwise the
   * image stays as written and the user is told.
   */
  private Optional<PartitionTable> table(FileChannel disk, long imageSize, List<String> notes)
      throws AmiBundleException {
    try {
      return PartitionTables.detect(disk, imageSize, SECTOR);
    } catch (LocalIoException e) {
      throw e;
    } catch (AmiBundleException e) {
      if (ext.isPresent()) {
        throw new BadInputException(
            "cannot grow the last partition: the image's partition table"
                + " is unusable ("
                + e.getMessage()
                + "); convert without "
                + Setting.GROW
                + " to write it as is");
      }
      notes.add(
          "the image's partition table is unusable ("
              + e.getMessage()
              + "); the image was"
              + " written as it is, nothing was moved");
      return Optional.empty();
    }
  }

  private Resized gpt(Path target, FileChannel disk, GptTable old, long targetSize)
      throws IOException {
    long targetSectors = targetSize / SECTOR;
    boolean moved = targetSectors > old.diskSectors();
    GptTable next = moved ? old.relocateBackup(targetSectors) : old;
    Optional<Region> grow = Optional.empty();
    OptionalInt partition = OptionalInt.empty();
    if (ext.isPresent()) {
      next = next.growLastPartition();
      GptEntry last =
          next.partitions().stream().max(Comparator.comparingLong(GptEntry::lastLba)).orElseThrow();
      partition = OptionalInt.of(last.number());
      grow = Optional.of(region(last.number(), last.firstLba(), last.sectors()));
    }
    if (next != old) {
      PartitionTables.write(disk, targetSize, next);
    }
    if (moved) {
      zero(
          target,
          disk,
          old.backupEntriesLba(),
          Math.min(old.backupLba() + 1, next.backupEntriesLba()));
    }
    return new Resized(Optional.of("GPT"), moved, partition, grow);
  }

  private Resized mbr(FileChannel disk, MbrTable old, long targetSize) throws IOException {
    if (ext.isEmpty()) {
      return new Resized(Optional.of("MBR"), false, OptionalInt.empty(), Optional.empty());
    }
    MbrTable next = old.growLastPartition(targetSize / SECTOR);
    PartitionTables.write(disk, targetSize, next);
    MbrEntry last =
        next.partitions().stream().max(Comparator.comparingLong(MbrEntry::lastLba)).orElseThrow();
    return new Resized(
        Optional.of("MBR"),
        false,
        OptionalInt.of(last.number()),
        Optional.of(region(last.number(), last.firstLba(), last.sectors())));
  }

  private static Region region(int number, long firstLba, long sectors) {
    return new Region(firstLba * SECTOR, sectors * SECTOR, "partition " + number);
  }

  /** Zeroes sectors {@code [from, to)}: the device zeroes what it can, the rest is written. */
  private static void zero(Path target, FileChannel disk, long from, long to) throws IOException {
    if (from >= to) {
      return;
    }
    try (ZeroRanges zeros = ZeroRanges.on(target, disk)) {
      zeros.zero(from * SECTOR, (to - from) * SECTOR);
    }
  }
}
