package org.amibundle.partition.gpt;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.amibundle.AmiBundleException;
import org.amibundle.BadInputException;
import org.amibundle.IntegrityException;
import org.amibundle.partition.Disk;
import org.amibundle.partition.Problem;

/**
 * Reads both GPT copies of a disk and checks each and their agreement. The primary is used when its
 * content is sound, else the backup (go-diskfs does the same); read failures are not content errors
 * and propagate.
 */
final class GptReader {

  /** One header and entry array as found: usable, or with the problems that make it unusable. */
  private record Copy(GptHeader header, byte[] entries, boolean signature, List<Problem> problems) {
    boolean usable() {
      return header != null && entries != null && problems.isEmpty();
    }
  }

  private GptReader() {}

  static Optional<GptTable> read(Disk disk) throws AmiBundleException {
    if (disk.sectors() < 3) {
      return Optional.empty();
    }
    List<Problem> damage = new ArrayList<>();
    Copy primary = readCopy(disk, 1, "primary");
    if (primary.usable()) {
      long alternate = primary.header().alternateLba();
      if (alternate != disk.lastLba()) {
        damage.add(
            new Problem(
                "backup GPT header is not on the last sector",
                "primary GPT header, LBA 1",
                "alternate LBA " + disk.lastLba(),
                Long.toUnsignedString(alternate)));
      }
      long backupAt = alternate > 1 && alternate <= disk.lastLba() ? alternate : disk.lastLba();
      Copy backup = readCopy(disk, backupAt, "backup");
      damage.addAll(backup.problems());
      if (backup.usable()) {
        compare(primary, backup, damage);
      }
      GptTable table =
          build(
              primary.header(),
              alternate,
              primary.header().entriesLba(),
              primary.entries(),
              disk.sectorSize());
      damage.addAll(protectiveMbr(disk));
      return Optional.of(withDamage(table, damage));
    }
    Copy backup = readCopy(disk, disk.lastLba(), "backup");
    if (backup.usable()) {
      damage.addAll(primary.problems());
      damage.add(
          new Problem(
              "primary GPT is damaged; the table was read from the backup",
              "primary GPT, LBA 1",
              "a sound primary GPT",
              "backup GPT used"));
      damage.addAll(protectiveMbr(disk));
      GptTable table =
          build(backup.header(), disk.lastLba(), 2, backup.entries(), disk.sectorSize());
      return Optional.of(withDamage(table, damage));
    }
    if (!primary.signature() && !backup.signature()) {
      return Optional.empty();
    }
    List<Problem> all = new ArrayList<>(primary.problems());
    all.addAll(backup.problems());
    StringBuilder message = new StringBuilder("neither GPT copy is usable:");
    for (Problem p : all) {
      message.append("\n  ").append(p);
    }
    throw new IntegrityException(message.toString());
  }

  private static GptTable build(
      GptHeader h, long backupLba, long entriesLba, byte[] entries, int sectorSize)
      throws IntegrityException {
    try {
      return GptCodec.fromBytes(h, backupLba, entriesLba, entries, sectorSize);
    } catch (IllegalArgumentException e) {
      throw new IntegrityException(
          "the GPT at LBA " + h.currentLba() + " is inconsistent: " + e.getMessage(), e);
    }
  }

  private static GptTable withDamage(GptTable t, List<Problem> damage) {
    return new GptTable(
        t.sectorSize(),
        t.backupLba(),
        t.diskGuid(),
        t.firstUsableLba(),
        t.lastUsableLba(),
        t.primaryEntriesLba(),
        t.entryCount(),
        t.entrySize(),
        t.partitions(),
        damage);
  }

  private static Copy readCopy(Disk disk, long lba, String which) throws AmiBundleException {
    String where = which + " GPT header, LBA " + lba;
    List<Problem> problems = new ArrayList<>();
    byte[] sector = disk.read(lba, 1);
    GptHeader h;
    try {
      h = GptCodec.headerFromBytes(sector);
    } catch (BadInputException e) {
      boolean signature =
          ByteBuffer.wrap(sector).order(ByteOrder.LITTLE_ENDIAN).getLong(0) == GptCodec.SIGNATURE;
      problems.add(new Problem(e.getMessage(), where, "a GPT header", "none"));
      return new Copy(null, null, signature, problems);
    }
    int crc = GptCodec.headerCrc(sector, h.headerSize());
    check(problems, "header CRC32", where, hex(crc), hex(h.headerCrc()), crc == h.headerCrc());
    check(
        problems,
        "revision",
        where,
        hex(GptHeader.REVISION_1_0),
        hex(h.revision()),
        h.revision() == GptHeader.REVISION_1_0);
    check(
        problems,
        "own LBA",
        where,
        Long.toString(lba),
        Long.toUnsignedString(h.currentLba()),
        h.currentLba() == lba);
    if (which.equals("backup")) {
      check(
          problems,
          "alternate LBA",
          where,
          "1",
          Long.toUnsignedString(h.alternateLba()),
          h.alternateLba() == 1);
    } else {
      check(
          problems,
          "alternate LBA after the usable space and on the disk",
          where,
          "> " + Long.toUnsignedString(h.lastUsableLba()) + " and <= " + disk.lastLba(),
          Long.toUnsignedString(h.alternateLba()),
          h.alternateLba() > h.lastUsableLba() && h.alternateLba() <= disk.lastLba());
    }
    long last = disk.lastLba();
    check(
        problems,
        "usable space within the disk",
        where,
        "2 <= first <= last + 1, last < " + last,
        Long.toUnsignedString(h.firstUsableLba()) + "-" + Long.toUnsignedString(h.lastUsableLba()),
        h.firstUsableLba() >= 2
            && h.lastUsableLba() < last
            && h.lastUsableLba() >= 0
            && h.firstUsableLba() <= h.lastUsableLba() + 1);
    boolean sizeOk =
        h.entrySize() >= 128
            && h.entrySize() % 8 == 0
            && h.entryCount() > 0
            && h.entriesBytes() <= GptCodec.MAX_ENTRIES_BYTES;
    check(
        problems,
        "entry array size",
        where,
        "entries of 128 x 2^n bytes, at most 16 MiB",
        Integer.toUnsignedString(h.entryCount()) + " x " + Integer.toUnsignedString(h.entrySize()),
        sizeOk);
    if (!sizeOk) {
      return new Copy(h, null, true, problems);
    }
    long sectors = (h.entriesBytes() + disk.sectorSize() - 1) / disk.sectorSize();
    boolean placed =
        h.entriesLba() >= 2
            && h.entriesLba() <= last - sectors
            && (h.entriesLba() + sectors <= h.firstUsableLba()
                || h.entriesLba() > h.lastUsableLba());
    check(
        problems,
        "entry array location",
        where,
        "outside usable space and on the disk",
        "LBA " + Long.toUnsignedString(h.entriesLba()) + "+" + sectors,
        placed);
    if (!placed) {
      return new Copy(h, null, true, problems);
    }
    byte[] entries = disk.read(h.entriesLba(), (int) sectors);
    int entriesCrc = GptCodec.crc32(entries, 0, (int) h.entriesBytes());
    check(
        problems,
        "entry array CRC32",
        which + " GPT entries, LBA " + h.entriesLba(),
        hex(h.entriesCrc()),
        hex(entriesCrc),
        entriesCrc == h.entriesCrc());
    return new Copy(h, entries, true, problems);
  }

  private static void compare(Copy primary, Copy backup, List<Problem> out) {
    GptHeader p = primary.header();
    GptHeader b = backup.header();
    String where = "backup GPT header, LBA " + b.currentLba();
    check(
        out,
        "disk GUID matches the primary",
        where,
        p.diskGuid().toString(),
        b.diskGuid().toString(),
        p.diskGuid().equals(b.diskGuid()));
    check(
        out,
        "usable space matches the primary",
        where,
        p.firstUsableLba() + "-" + p.lastUsableLba(),
        b.firstUsableLba() + "-" + b.lastUsableLba(),
        p.firstUsableLba() == b.firstUsableLba() && p.lastUsableLba() == b.lastUsableLba());
    check(
        out,
        "entry array shape matches the primary",
        where,
        p.entryCount() + " x " + p.entrySize(),
        b.entryCount() + " x " + b.entrySize(),
        p.entryCount() == b.entryCount() && p.entrySize() == b.entrySize());
    check(
        out,
        "entry array CRC32 matches the primary",
        where,
        hex(p.entriesCrc()),
        hex(b.entriesCrc()),
        p.entriesCrc() == b.entriesCrc());
  }

  private static List<Problem> protectiveMbr(Disk disk) throws AmiBundleException {
    byte[] mbr = disk.read(0, 1);
    List<Problem> out = new ArrayList<>();
    if ((mbr[510] & 0xFF) != 0x55 || (mbr[511] & 0xFF) != 0xAA) {
      out.add(
          new Problem(
              "MBR boot signature",
              "protective MBR, LBA 0",
              "55AA",
              String.format("%02X%02X", mbr[510], mbr[511])));
      return out;
    }
    ByteBuffer b = ByteBuffer.wrap(mbr).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < 4; i++) {
      int e = 446 + 16 * i;
      if ((mbr[e + 4] & 0xFF) == 0xEE) {
        long size = Integer.toUnsignedLong(b.getInt(e + 12));
        long expected = Math.min(disk.sectors() - 1, 0xFFFFFFFFL);
        check(
            out,
            "protective partition covers the disk",
            "protective MBR entry " + (i + 1),
            "LBA 1, " + expected + " sectors",
            "LBA " + Integer.toUnsignedString(b.getInt(e + 8)) + ", " + size + " sectors",
            b.getInt(e + 8) == 1 && size == expected);
        return out;
      }
    }
    out.add(
        new Problem("protective MBR entry", "protective MBR, LBA 0", "a type 0xEE entry", "none"));
    return out;
  }

  private static void check(
      List<Problem> out, String what, String where, String expected, String actual, boolean ok) {
    if (!ok) {
      out.add(new Problem(what, where, expected, actual));
    }
  }

  private static String hex(int value) {
    return String.format("0x%08X", value);
  }
}
