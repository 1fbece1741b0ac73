package org.amibundle.partition.gpt;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.zip.CRC32;
import org.amibundle.BadInputException;
import org.amibundle.partition.SectorRun;

/**
 * GPT on-disk encoding: headers, entry arrays, GUIDs (first three fields little-endian, last two
 * big-endian), CRC32s and the protective MBR, as UEFI 2.x §5.3 and sgdisk write them.
 */
public final class GptCodec {

  /** "EFI PART". */
  static final long SIGNATURE = 0x5452415020494645L;

  /** Largest entry array read or written: 16 MiB (sgdisk's default array is 16 KiB). */
  static final long MAX_ENTRIES_BYTES = 16L << 20;

  private GptCodec() {}

  /**
   * The table as written: protective MBR, primary header and entries, backup entries and header.
   */
  public static List<SectorRun> toBytes(GptTable table) {
    byte[] entries =
        entriesToBytes(
            table.partitions(), table.entryCount(), table.entrySize(), table.sectorSize());
    int entriesCrc = crc32(entries, 0, table.entryCount() * table.entrySize());
    List<SectorRun> runs = new ArrayList<>();
    runs.add(new SectorRun(0, protectiveMbr(table.diskSectors(), table.sectorSize())));
    runs.add(new SectorRun(1, headerToBytes(table.primaryHeader(entriesCrc), table.sectorSize())));
    runs.add(new SectorRun(table.primaryEntriesLba(), entries));
    runs.add(new SectorRun(table.backupEntriesLba(), entries));
    runs.add(
        new SectorRun(
            table.backupLba(), headerToBytes(table.backupHeader(entriesCrc), table.sectorSize())));
    return List.copyOf(runs);
  }

  /** A table from a checked header and its entry array (as many bytes as the header names). */
  public static GptTable fromBytes(
      GptHeader header, long backupLba, long primaryEntriesLba, byte[] entries, int sectorSize) {
    return new GptTable(
        sectorSize,
        backupLba,
        header.diskGuid(),
        header.firstUsableLba(),
        header.lastUsableLba(),
        primaryEntriesLba,
        header.entryCount(),
        header.entrySize(),
        entriesFromBytes(entries, header.entryCount(), header.entrySize()),
        List.of());
  }

  /** Parses a header sector; fails only if it has no GPT signature or an impossible size. */
  public static GptHeader headerFromBytes(byte[] sector) throws BadInputException {
    ByteBuffer b = ByteBuffer.wrap(sector).order(ByteOrder.LITTLE_ENDIAN);
    if (sector.length < GptHeader.SIZE || b.getLong(0) != SIGNATURE) {
      throw new BadInputException("no GPT header signature \"EFI PART\"");
    }
    int size = b.getInt(12);
    if (size < GptHeader.SIZE || size > sector.length) {
      throw new BadInputException(
          "GPT header size must be 92 to "
              + sector.length
              + " bytes, got "
              + Integer.toUnsignedString(size));
    }
    return new GptHeader(
        b.getInt(8),
        size,
        b.getInt(16),
        b.getLong(24),
        b.getLong(32),
        b.getLong(40),
        b.getLong(48),
        guidFromBytes(sector, 56),
        b.getLong(72),
        b.getInt(80),
        b.getInt(84),
        b.getInt(88));
  }

  /** The CRC32 a header sector should carry: over its first headerSize bytes, CRC field zeroed. */
  public static int headerCrc(byte[] sector, int headerSize) {
    byte[] copy = java.util.Arrays.copyOf(sector, headerSize);
    for (int i = 16; i < 20; i++) {
      copy[i] = 0;
    }
    return crc32(copy, 0, headerSize);
  }

  /** Encodes a header into a sector, with its CRC computed (the record's stored CRC is ignored). */
  public static byte[] headerToBytes(GptHeader h, int sectorSize) {
    byte[] sector = new byte[sectorSize];
    ByteBuffer b = ByteBuffer.wrap(sector).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(0, SIGNATURE).putInt(8, h.revision()).putInt(12, h.headerSize());
    b.putLong(24, h.currentLba()).putLong(32, h.alternateLba());
    b.putLong(40, h.firstUsableLba()).putLong(48, h.lastUsableLba());
    guidToBytes(h.diskGuid(), sector, 56);
    b.putLong(72, h.entriesLba()).putInt(80, h.entryCount()).putInt(84, h.entrySize());
    b.putInt(88, h.entriesCrc());
    b.putInt(16, headerCrc(sector, h.headerSize()));
    return sector;
  }

  /** The used entries of an array (type GUID not all zero), numbered from 1 by position. */
  public static List<GptEntry> entriesFromBytes(byte[] array, int count, int size) {
    ByteBuffer b = ByteBuffer.wrap(array).order(ByteOrder.LITTLE_ENDIAN);
    List<GptEntry> entries = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      int off = i * size;
      UUID type = guidFromBytes(array, off);
      if (type.equals(GptTypes.UNUSED)) {
        continue;
      }
      int nameLength = 0;
      while (nameLength < GptEntry.MAX_NAME_CHARS && b.getShort(off + 56 + 2 * nameLength) != 0) {
        nameLength++;
      }
      String name = new String(array, off + 56, 2 * nameLength, StandardCharsets.UTF_16LE);
      entries.add(
          new GptEntry(
              i + 1,
              type,
              guidFromBytes(array, off + 16),
              b.getLong(off + 32),
              b.getLong(off + 40),
              b.getLong(off + 48),
              name));
    }
    return entries;
  }

  /** An entry array of {@code count} entries, padded with zeros to whole sectors. */
  public static byte[] entriesToBytes(List<GptEntry> entries, int count, int size, int sectorSize) {
    long bytes = (long) count * size;
    byte[] array = new byte[Math.toIntExact((bytes + sectorSize - 1) / sectorSize * sectorSize)];
    ByteBuffer b = ByteBuffer.wrap(array).order(ByteOrder.LITTLE_ENDIAN);
    for (GptEntry e : entries) {
      int off = (e.number() - 1) * size;
      guidToBytes(e.type(), array, off);
      guidToBytes(e.guid(), array, off + 16);
      b.putLong(off + 32, e.firstLba())
          .putLong(off + 40, e.lastLba())
          .putLong(off + 48, e.attributes());
      byte[] name = e.name().getBytes(StandardCharsets.UTF_16LE);
      System.arraycopy(name, 0, array, off + 56, name.length);
    }
    return array;
  }

  /**
   * A protective MBR as sgdisk writes it: one 0xEE entry from LBA 1 over the disk (capped at
   * 2^32-1).
   */
  public static byte[] protectiveMbr(long diskSectors, int sectorSize) {
    byte[] sector = new byte[sectorSize];
    long size = Math.min(diskSectors - 1, 0xFFFFFFFFL);
    int e = 446;
    sector[e + 1] = 0x00;
    sector[e + 2] = 0x02;
    sector[e + 3] = 0x00;
    sector[e + 4] = (byte) 0xEE;
    long last = size; // LBA of the last covered sector
    long cylinders = last / (255 * 63);
    if (cylinders > 1023) {
      sector[e + 5] = (byte) 0xFF;
      sector[e + 6] = (byte) 0xFF;
      sector[e + 7] = (byte) 0xFF;
    } else {
      int head = (int) (last / 63 % 255);
      int sec = (int) (last % 63 + 1);
      sector[e + 5] = (byte) head;
      sector[e + 6] = (byte) (sec | (cylinders >> 2 & 0xC0));
      sector[e + 7] = (byte) cylinders;
    }
    ByteBuffer.wrap(sector)
        .order(ByteOrder.LITTLE_ENDIAN)
        .putInt(e + 8, 1)
        .putInt(e + 12, (int) size);
    sector[510] = 0x55;
    sector[511] = (byte) 0xAA;
    return sector;
  }

  /** A GUID in GPT's mixed-endian layout. */
  public static UUID guidFromBytes(byte[] bytes, int off) {
    ByteBuffer le = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    long high =
        (Integer.toUnsignedLong(le.getInt(off)) << 32)
            | ((long) (le.getShort(off + 4) & 0xFFFF) << 16)
            | (le.getShort(off + 6) & 0xFFFF);
    long low = ByteBuffer.wrap(bytes).order(ByteOrder.BIG_ENDIAN).getLong(off + 8);
    return new UUID(high, low);
  }

  /** Writes a GUID in GPT's mixed-endian layout. */
  public static void guidToBytes(UUID guid, byte[] bytes, int off) {
    long high = guid.getMostSignificantBits();
    ByteBuffer le = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    le.putInt(off, (int) (high >>> 32))
        .putShort(off + 4, (short) (high >>> 16))
        .putShort(off + 6, (short) high);
    ByteBuffer.wrap(bytes)
        .order(ByteOrder.BIG_ENDIAN)
        .putLong(off + 8, guid.getLeastSignificantBits());
  }

  static int crc32(byte[] bytes, int off, int len) {
    CRC32 crc = new CRC32();
    crc.update(bytes, off, len);
    return (int) crc.getValue();
  }
}
