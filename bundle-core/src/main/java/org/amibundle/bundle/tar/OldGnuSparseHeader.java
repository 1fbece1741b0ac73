package org.amibundle.bundle.tar;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.amibundle.IntegrityException;
import org.apache.commons.compress.archivers.tar.TarUtils;

/**
 * The sparse part of an old-GNU sparse ('S') header, read by us because Commons Compress 1.28.0
 * parses its {@code realsize} field as plain octal and so fails on images of 8 GiB and more, which
 * GNU tar stores in base-256. {@link #takeFrom} turns the header into an ordinary one for the
 * library; {@link #layout} reads the extension blocks that follow it.
 */
record OldGnuSparseHeader(
    long realSize, long storedSize, List<Extent> headerMap, boolean extended) {

  private static final byte[] MAGIC = TarHeader.GNU_MAGIC.getBytes(StandardCharsets.US_ASCII);

  /**
   * When {@code record} is a valid old-GNU sparse header, returns its sparse part and rewrites the
   * record in place as an ordinary member header of the stored size; otherwise null.
   */
  static OldGnuSparseHeader takeFrom(byte[] record) {
    if (record.length != TarHeader.BLOCK
        || record[TarHeader.TYPEFLAG_AT] != 'S'
        || !Arrays.equals(
            record, TarHeader.MAGIC_AT, TarHeader.MAGIC_AT + MAGIC.length, MAGIC, 0, MAGIC.length)
        || !TarUtils.verifyCheckSum(record)) {
      return null;
    }
    OldGnuSparseHeader header =
        new OldGnuSparseHeader(
            number(record, TarHeader.REAL_SIZE_AT),
            number(record, 124),
            map(record, TarHeader.MAP_IN_HEADER_AT, TarHeader.MAP_ENTRIES_IN_HEADER),
            record[TarHeader.IS_EXTENDED_IN_HEADER_AT] != 0);
    record[TarHeader.TYPEFLAG_AT] = '0';
    Arrays.fill(
        record, TarHeader.MAP_IN_HEADER_AT, TarHeader.REAL_SIZE_AT + TarHeader.NUMBER, (byte) 0);
    TarHeader.checksum(record);
    return header;
  }

  /**
   * The member's layout: the map of the header and of the extension blocks read from {@code raw},
   * which must stand right after the header.
   */
  DataLayout layout(InputStream raw, String member) throws IOException {
    List<Extent> map = new ArrayList<>(headerMap);
    byte[] block = new byte[TarHeader.BLOCK];
    try {
      for (boolean more = extended;
          more;
          more = block[TarHeader.IS_EXTENDED_IN_EXTENSION_AT] != 0) {
        if (raw.readNBytes(block, 0, block.length) != block.length) {
          throw new IntegrityException(
              "tar stream ended inside the sparse map of member '"
                  + member
                  + "'; the bundle is incomplete or damaged, fetch it again");
        }
        map.addAll(map(block, 0, TarHeader.MAP_ENTRIES_IN_EXTENSION));
      }
      DataLayout layout = new DataLayout(realSize, map);
      if (layout.dataBytes() != storedSize) {
        throw new IllegalArgumentException(
            "its map holds "
                + layout.dataBytes()
                + " data bytes, its size field says "
                + storedSize);
      }
      return layout;
    } catch (IllegalArgumentException e) {
      throw new IntegrityException(
          "bundle tar member '"
              + member
              + "' has a bad sparse map: "
              + e.getMessage()
              + "; the bundle is damaged, fetch it again",
          e);
    }
  }

  private static List<Extent> map(byte[] block, int at, int entries) {
    List<Extent> map = new ArrayList<>();
    for (int i = 0; i < entries; i++) {
      int entryAt = at + i * TarHeader.MAP_ENTRY;
      long length = number(block, entryAt + TarHeader.NUMBER);
      if (length > 0) {
        map.add(new Extent(number(block, entryAt), length));
      }
    }
    return map;
  }

  private static long number(byte[] block, int at) {
    return TarUtils.parseOctalOrBinary(block, at, TarHeader.NUMBER);
  }
}
