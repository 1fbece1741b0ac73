package org.amibundle.partition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.amibundle.AmiBundleException;
import org.amibundle.partition.gpt.GptEntry;
import org.amibundle.partition.gpt.GptTable;
import org.amibundle.partition.gpt.GptTypes;
import org.amibundle.partition.mbr.MbrEntry;
import org.amibundle.partition.mbr.MbrTable;
import org.amibundle.partition.mbr.MbrTypes;

/** Random valid layouts round-trip; random corruptions are reported, never thrown or hung on. */
class PartitionTablePropertyTest {

  private static final String NAME_CHARS = "abcXYZ019 -_.éß日本\u0101";
  private static final List<java.util.UUID> TYPES =
      List.of(
          GptTypes.BIOS_BOOT,
          GptTypes.LINUX_FILESYSTEM,
          GptTypes.EFI_SYSTEM,
          GptTypes.LINUX_SWAP,
          GptTypes.LINUX_LVM,
          GptTypes.MICROSOFT_BASIC_DATA);

  @Property(tries = 300)
  void gpt_writtenThenRead_isEqualAndSound(@ForAll Random random) throws Exception {
    GptTable table = randomGpt(random);
    MemoryChannel disk = written(table);
    assertEquals(table, PartitionTables.read(disk, disk.size(), table.sectorSize()));
    assertEquals(List.of(), PartitionTables.verify(disk, disk.size(), table.sectorSize()));
  }

  @Property(tries = 300)
  void mbr_writtenThenRead_isEqualAndSound(@ForAll Random random) throws Exception {
    MbrTable table = randomMbr(random);
    MemoryChannel disk = written(table);
    assertEquals(table, PartitionTables.read(disk, disk.size(), table.sectorSize()));
    assertEquals(List.of(), PartitionTables.verify(disk, disk.size(), table.sectorSize()));
  }

  @Property(tries = 500)
  void gpt_anyFlippedBitInHeadersOrEntries_isReported(@ForAll Random random) throws Exception {
    GptTable table = randomGpt(random);
    MemoryChannel disk = written(table);
    int s = table.sectorSize();
    long[] starts = {
      s, table.backupLba() * s, table.primaryEntriesLba() * s, table.backupEntriesLba() * s
    };
    int[] lengths = {
      92, 92, table.entryCount() * table.entrySize(), table.entryCount() * table.entrySize()
    };
    int region = random.nextInt(4);
    int offset = (int) (starts[region] + random.nextInt(lengths[region]));
    disk.bytes[offset] ^= (byte) (1 << random.nextInt(8));
    List<Problem> problems = PartitionTables.verify(disk, disk.size(), s);
    assertFalse(
        problems.isEmpty(), "flip at byte " + offset + " of region " + region + " not reported");
  }

  @Property(tries = 500)
  void anyGarbageInTableSectors_givesProblemsOrATable_neverAnotherException(@ForAll Random random)
      throws Exception {
    PartitionTable table = random.nextBoolean() ? randomGpt(random) : randomMbr(random);
    MemoryChannel disk = written(table);
    int s = table.sectorSize();
    int changes = 1 + random.nextInt(40);
    for (int i = 0; i < changes; i++) {
      int sector =
          switch (random.nextInt(4)) {
            case 0 -> 0;
            case 1 -> 1;
            case 2 -> 2;
            default -> (int) (disk.size() / s) - 1 - random.nextInt(3);
          };
      int at = sector * s + (random.nextBoolean() ? random.nextInt(s) : 440 + random.nextInt(72));
      disk.bytes[Math.min(at, disk.bytes.length - 1)] = (byte) random.nextInt(256);
    }
    try {
      PartitionTables.read(disk, disk.size(), s).verify();
    } catch (AmiBundleException expected) {
      // our own, reported: fine
    }
    PartitionTables.verify(disk, disk.size(), s);
  }

  @Property(tries = 200)
  void mbr_brokenSignatureOrStatus_isReported(@ForAll Random random) throws Exception {
    MbrTable table = randomMbr(random);
    MemoryChannel disk = written(table);
    if (random.nextBoolean()) {
      disk.bytes[510 + random.nextInt(2)] ^= (byte) (1 + random.nextInt(255));
    } else {
      disk.bytes[446 + 16 * random.nextInt(4)] = (byte) (1 + random.nextInt(0x7F));
    }
    assertFalse(PartitionTables.verify(disk, disk.size(), 512).isEmpty());
  }

  static GptTable randomGpt(Random random) {
    int sectorSize = random.nextBoolean() ? 512 : 4096;
    long sectors = (64 + random.nextInt(2000)) * (4096 / sectorSize) / 2 + 80;
    GptTable empty = GptTable.create(sectorSize, sectors, Layouts.guid(random), List.of());
    List<long[]> ranges = ranges(random, empty.firstUsableLba(), empty.lastUsableLba(), 8);
    List<Integer> numbers = new ArrayList<>();
    TreeSet<Integer> used = new TreeSet<>();
    while (used.size() < ranges.size()) {
      int n = 1 + random.nextInt(128);
      if (used.add(n)) {
        numbers.add(n);
      }
    }
    List<GptEntry> entries = new ArrayList<>();
    for (int i = 0; i < ranges.size(); i++) {
      StringBuilder name = new StringBuilder();
      int length = random.nextInt(37);
      for (int c = 0; c < length; c++) {
        name.append(NAME_CHARS.charAt(random.nextInt(NAME_CHARS.length())));
      }
      entries.add(
          new GptEntry(
              numbers.get(i),
              TYPES.get(random.nextInt(TYPES.size())),
              Layouts.guid(random),
              ranges.get(i)[0],
              ranges.get(i)[1],
              random.nextBoolean() ? 0 : random.nextLong(),
              name.toString()));
    }
    return GptTable.create(sectorSize, sectors, empty.diskGuid(), entries);
  }

  static MbrTable randomMbr(Random random) {
    long sectors = 64 + random.nextInt(4000);
    List<long[]> ranges = ranges(random, 1, sectors - 1, 4);
    List<MbrEntry> entries = new ArrayList<>();
    List<Integer> slots = new ArrayList<>(List.of(1, 2, 3, 4));
    java.util.Collections.shuffle(slots, random);
    for (int i = 0; i < ranges.size(); i++) {
      int type;
      do {
        type = 1 + random.nextInt(255);
      } while (type == MbrTypes.GPT_PROTECTIVE || MbrTypes.isExtended(type));
      entries.add(
          new MbrEntry(
              slots.get(i),
              random.nextBoolean(),
              type,
              ranges.get(i)[0],
              ranges.get(i)[1] - ranges.get(i)[0] + 1));
    }
    return new MbrTable(512, sectors, random.nextInt(), entries);
  }

  /** Up to {@code max} disjoint ranges inside first..last. */
  private static List<long[]> ranges(Random random, long first, long last, int max) {
    int count = random.nextInt(max + 1);
    TreeSet<Long> cuts = new TreeSet<>();
    while (cuts.size() < 2 * count && cuts.size() < last - first + 1) {
      cuts.add(first + (long) (random.nextDouble() * (last - first + 1)));
    }
    List<Long> sorted = new ArrayList<>(cuts);
    List<long[]> ranges = new ArrayList<>();
    for (int i = 0; i + 1 < sorted.size(); i += 2) {
      ranges.add(new long[] {sorted.get(i), sorted.get(i + 1)});
    }
    return ranges;
  }

  private static MemoryChannel written(PartitionTable table) throws AmiBundleException {
    MemoryChannel disk =
        new MemoryChannel(Math.toIntExact(table.diskSectors() * table.sectorSize()));
    PartitionTables.write(disk, disk.size(), table);
    return disk;
  }
}
