package org.amibundle.partition.mbr;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.amibundle.BadInputException;
import org.amibundle.partition.Problem;

/**
 * MBR sector encoding: boot code (kept as given), disk signature at 440, four 16-byte entries at
 * 446, 0x55AA at 510. CHS fields are written as sfdisk writes them: geometry 255 heads × 63
 * sectors, and 1023/254/63 for sectors beyond cylinder 1023.
 */
public final class MbrCodec {

  static final int ENTRIES = 446;

  private MbrCodec() {}

  /** The primary entries of an MBR sector, numbered by slot; fails if it is no MBR sector. */
  public static MbrTable fromBytes(byte[] sector, int sectorSize, long diskSectors)
      throws BadInputException {
    ByteBuffer b = ByteBuffer.wrap(sector).order(ByteOrder.LITTLE_ENDIAN);
    return new MbrTable(sectorSize, diskSectors, b.getInt(440), slots(sector, 0));
  }

  /**
   * The used entries of an MBR or EBR sector, numbered {@code firstNumber + slot}, LBAs as stored
   * (relative for an EBR).
   */
  static List<MbrEntry> slots(byte[] sector, int numberOffset) throws BadInputException {
    if (sector.length < 512 || (sector[510] & 0xFF) != 0x55 || (sector[511] & 0xFF) != 0xAA) {
      throw new BadInputException("no MBR boot signature 55AA at byte 510");
    }
    ByteBuffer b = ByteBuffer.wrap(sector).order(ByteOrder.LITTLE_ENDIAN);
    List<MbrEntry> entries = new ArrayList<>();
    for (int slot = 0; slot < 4; slot++) {
      int e = ENTRIES + 16 * slot;
      int status = sector[e] & 0xFF;
      int type = sector[e + 4] & 0xFF;
      if (status != 0x00 && status != 0x80) {
        throw new BadInputException(
            String.format(
                "MBR entry %d: status byte must be 0x00 or 0x80, got 0x%02X", slot + 1, status));
      }
      if (type == MbrTypes.EMPTY) {
        continue;
      }
      entries.add(
          new MbrEntry(
              numberOffset + slot + 1,
              status == 0x80,
              type,
              Integer.toUnsignedLong(b.getInt(e + 8)),
              Integer.toUnsignedLong(b.getInt(e + 12))));
    }
    return entries;
  }

  /**
   * The MBR sector of a table's primary entries, boot code taken from {@code bootCode} (its first
   * 440 bytes; may be empty). Fails for tables with logical partitions, which are not written.
   */
  public static byte[] toBytes(MbrTable table, byte[] bootCode) throws BadInputException {
    byte[] sector = new byte[table.sectorSize()];
    System.arraycopy(bootCode, 0, sector, 0, Math.min(440, bootCode.length));
    ByteBuffer b = ByteBuffer.wrap(sector).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(440, table.diskSignature());
    for (MbrEntry entry : table.partitions()) {
      if (!entry.isPrimary()) {
        throw new BadInputException(
            "writing logical partitions is not supported (partition "
                + entry.number()
                + "); write the primary entries only");
      }
      if (entry.firstLba() > 0xFFFFFFFFL || entry.sectors() > 0xFFFFFFFFL) {
        throw new BadInputException(
            "partition " + entry.number() + " does not fit in 32-bit LBA fields");
      }
      int e = ENTRIES + 16 * (entry.number() - 1);
      sector[e] = (byte) (entry.bootable() ? 0x80 : 0x00);
      chs(entry.firstLba(), sector, e + 1);
      sector[e + 4] = (byte) entry.type();
      chs(entry.lastLba(), sector, e + 5);
      b.putInt(e + 8, (int) entry.firstLba()).putInt(e + 12, (int) entry.sectors());
    }
    sector[510] = 0x55;
    sector[511] = (byte) 0xAA;
    return sector;
  }

  /**
   * The CHS fields of an MBR sector's used primary entries that do not match their LBAs. Tools
   * choose different geometries (sfdisk 255 heads × 63 sectors, parted on an image file 4 × 32), so
   * the fields must agree with one geometry: 255 × 63, or the one their largest head and sector
   * values show; beyond cylinder 1023 they hold the largest address (1023/254/63 or 1023/255/63
   * also do). Problems are reported against 255 × 63, which {@link #toBytes} writes. Old BIOSes
   * boot from the CHS start, so a wrong one matters.
   */
  public static List<Problem> chsProblems(byte[] sector) {
    List<long[]> fields = new ArrayList<>();
    ByteBuffer b = ByteBuffer.wrap(sector).order(ByteOrder.LITTLE_ENDIAN);
    int heads = 0;
    int sectors = 0;
    for (int slot = 0; slot < 4; slot++) {
      int e = ENTRIES + 16 * slot;
      long first = Integer.toUnsignedLong(b.getInt(e + 8));
      long count = Integer.toUnsignedLong(b.getInt(e + 12));
      if ((sector[e + 4] & 0xFF) != MbrTypes.EMPTY && count > 0) {
        fields.add(new long[] {e + 1, first, slot + 1});
        fields.add(new long[] {e + 5, first + count - 1, slot + 1});
        heads = Math.max(heads, Math.max(sector[e + 1] & 0xFF, sector[e + 5] & 0xFF) + 1);
        sectors = Math.max(sectors, Math.max(sector[e + 2] & 0x3F, sector[e + 6] & 0x3F));
      }
    }
    if (sectors > 0 && matchAll(sector, fields, heads, sectors)) {
      return List.of();
    }
    List<Problem> problems = new ArrayList<>();
    for (long[] f : fields) {
      if (!matches(sector, (int) f[0], f[1], 255, 63)) {
        byte[] expected = new byte[3];
        chs(f[1], 255, 63, expected, 0);
        problems.add(
            new Problem(
                f[0] % 16 == 15
                    ? "CHS address of the first sector"
                    : "CHS address of the last sector",
                "partition " + f[2],
                chsText(expected, 0) + " for LBA " + f[1],
                chsText(sector, (int) f[0])));
      }
    }
    return problems;
  }

  private static boolean matchAll(byte[] sector, List<long[]> fields, int heads, int sectors) {
    return fields.stream().allMatch(f -> matches(sector, (int) f[0], f[1], heads, sectors));
  }

  private static boolean matches(byte[] sector, int off, long lba, int heads, int sectors) {
    byte[] expected = new byte[3];
    chs(lba, heads, sectors, expected, 0);
    String found = chsText(sector, off);
    return found.equals(chsText(expected, 0))
        || lba >= 1024L * heads * sectors
            && (found.equals("1023/254/63") || found.equals("1023/255/63"));
  }

  /** {@code cylinder/head/sector} of a 3-byte CHS field. */
  private static String chsText(byte[] bytes, int off) {
    int head = bytes[off] & 0xFF;
    int sector = bytes[off + 1] & 0x3F;
    int cylinder = (bytes[off + 1] & 0xC0) << 2 | bytes[off + 2] & 0xFF;
    return cylinder + "/" + head + "/" + sector;
  }

  /** CHS of an LBA as sfdisk computes it (255 heads, 63 sectors per track). */
  static void chs(long lba, byte[] out, int off) {
    chs(lba, 255, 63, out, off);
  }

  /** CHS of an LBA in a geometry; the largest address beyond cylinder 1023. */
  private static void chs(long lba, int heads, int sectors, byte[] out, int off) {
    long cylinder = lba / ((long) heads * sectors);
    int head = (int) (lba / sectors % heads);
    int sector = (int) (lba % sectors + 1);
    if (cylinder > 1023) {
      cylinder = 1023;
      head = heads - 1;
      sector = sectors;
    }
    out[off] = (byte) head;
    out[off + 1] = (byte) (sector | (cylinder >> 2 & 0xC0));
    out[off + 2] = (byte) cylinder;
  }
}
