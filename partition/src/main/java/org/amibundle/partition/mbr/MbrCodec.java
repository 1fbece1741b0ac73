package org.amibundle.partition.mbr;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.amibundle.BadInputException;

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
        throw new BadInputException(String.format(
            "MBR entry %d: status byte must be 0x00 or 0x80, got 0x%02X", slot + 1, status));
      }
      if (type == MbrTypes.EMPTY) {
        continue;
      }
      entries.add(new MbrEntry(numberOffset + slot + 1, status == 0x80, type,
          Integer.toUnsignedLong(b.getInt(e + 8)), Integer.toUnsignedLong(b.getInt(e + 12))));
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
        throw new BadInputException("writing logical partitions is not supported (partition "
            + entry.number() + "); write the primary entries only");
      }
      if (entry.firstLba() > 0xFFFFFFFFL || entry.sectors() > 0xFFFFFFFFL) {
        throw new BadInputException("partition " + entry.number() + " does not fit in 32-bit LBA fields");
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

  /** CHS of an LBA as sfdisk computes it (255 heads, 63 sectors per track). */
  static void chs(long lba, byte[] out, int off) {
    long cylinder = lba / (255 * 63);
    int head = (int) (lba / 63 % 255);
    int sector = (int) (lba % 63 + 1);
    if (cylinder > 1023) {
      cylinder = 1023;
      head = 254;
      sector = 63;
    }
    out[off] = (byte) head;
    out[off + 1] = (byte) (sector | (cylinder >> 2 & 0xC0));
    out[off + 2] = (byte) cylinder;
  }
}
