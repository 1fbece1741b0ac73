package org.amibundle.partition.gpt;

import java.util.Objects;
import java.util.UUID;

/**
 * A GPT header as stored at LBA 1 (primary) or the last LBA (backup). Values are as read, including
 * the stored CRCs; {@link GptCodec#headerToBytes} computes fresh CRCs when writing.
 *
 * @param revision 0x00010000 for GPT 1.0
 * @param headerSize bytes covered by the header CRC, 92 for GPT 1.0
 * @param headerCrc the stored header CRC32
 * @param currentLba where this header is
 * @param alternateLba where the other header is
 * @param firstUsableLba first sector partitions may use
 * @param lastUsableLba last sector partitions may use
 * @param diskGuid the disk GUID
 * @param entriesLba first sector of this copy's entry array
 * @param entryCount entries in the array
 * @param entrySize bytes per entry (128 × 2^n)
 * @param entriesCrc the stored CRC32 of the entry array
 */
public record GptHeader(
    int revision,
    int headerSize,
    int headerCrc,
    long currentLba,
    long alternateLba,
    long firstUsableLba,
    long lastUsableLba,
    UUID diskGuid,
    long entriesLba,
    int entryCount,
    int entrySize,
    int entriesCrc) {

  /** GPT revision 1.0. */
  public static final int REVISION_1_0 = 0x00010000;

  /** The header size of GPT 1.0. */
  public static final int SIZE = 92;

  public GptHeader {
    Objects.requireNonNull(diskGuid, "diskGuid");
  }

  /** Bytes of the entry array: entry count × entry size (unsigned 32-bit values). */
  public long entriesBytes() {
    return Integer.toUnsignedLong(entryCount) * Integer.toUnsignedLong(entrySize);
  }
}
