package org.amibundle.bundle.tar;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the 512-byte header blocks GNU tar 1.34 writes in its default (gnu) format for one regular
 * or old-GNU sparse member, field by field as GNU does: numbers in octal with leading zeros and a
 * NUL, base-256 when they do not fit, checksum as six octal digits, NUL, space; uid/gid 0, user and
 * group "root"; device, atime and ctime fields left zero.
 */
final class TarHeader {

  static final int BLOCK = 512;
  static final int NAME_FIELD = 100;
  private static final String LONG_LINK_NAME = "././@LongLink";
  private static final int LONG_LINK_MODE = 0644;
  static final int TYPEFLAG_AT = 156;
  static final int MAGIC_AT = 257;
  static final String GNU_MAGIC = "ustar  \0";
  static final int MAP_IN_HEADER_AT = 386;
  static final int MAP_ENTRIES_IN_HEADER = 4;
  static final int IS_EXTENDED_IN_HEADER_AT = 482;
  static final int REAL_SIZE_AT = 483;
  static final int MAP_ENTRIES_IN_EXTENSION = 21;
  static final int IS_EXTENDED_IN_EXTENSION_AT = 504;
  static final int MAP_ENTRY = 24;
  static final int NUMBER = 12;

  private TarHeader() {}

  /**
   * The blocks announcing a member: for names over 100 bytes a {@code ././@LongLink} 'L' member
   * (header and name blocks) first, then the member header and, for sparse members, the extension
   * blocks holding the rest of the sparse map.
   */
  static List<byte[]> forMember(TarEntryInfo entry, DataLayout layout) {
    byte[] name = entry.name().getBytes(StandardCharsets.UTF_8);
    List<byte[]> blocks = new ArrayList<>();
    if (name.length > NAME_FIELD) {
      byte[] longName = new byte[name.length + 1];
      System.arraycopy(name, 0, longName, 0, name.length);
      blocks.add(
          header(
              LONG_LINK_NAME.getBytes(StandardCharsets.US_ASCII),
              LONG_LINK_MODE,
              longName.length,
              0,
              'L'));
      for (int offset = 0; offset < longName.length; offset += BLOCK) {
        byte[] block = new byte[BLOCK];
        System.arraycopy(longName, offset, block, 0, Math.min(BLOCK, longName.length - offset));
        blocks.add(block);
      }
    }
    if (!layout.hasHoles()) {
      blocks.add(header(name, entry.mode(), layout.size(), entry.mtimeEpochSeconds(), '0'));
      return blocks;
    }
    // GNU's SEEK_DATA map always ends with an empty entry at the end of the image.
    List<Extent> map = new ArrayList<>(layout.data());
    map.add(new Extent(layout.size(), 0));
    byte[] header = header(name, entry.mode(), layout.dataBytes(), entry.mtimeEpochSeconds(), 'S');
    number(header, REAL_SIZE_AT, NUMBER, layout.size());
    int next = storeMap(header, MAP_IN_HEADER_AT, map, 0, MAP_ENTRIES_IN_HEADER);
    header[IS_EXTENDED_IN_HEADER_AT] = (byte) (next < map.size() ? 1 : 0);
    checksum(header);
    blocks.add(header);
    while (next < map.size()) {
      byte[] extension = new byte[BLOCK];
      next = storeMap(extension, 0, map, next, MAP_ENTRIES_IN_EXTENSION);
      extension[IS_EXTENDED_IN_EXTENSION_AT] = (byte) (next < map.size() ? 1 : 0);
      blocks.add(extension);
    }
    return blocks;
  }

  private static int storeMap(byte[] block, int at, List<Extent> map, int from, int slots) {
    int index = from;
    for (; index < map.size() && index < from + slots; index++) {
      int entryAt = at + (index - from) * MAP_ENTRY;
      number(block, entryAt, NUMBER, map.get(index).offset());
      number(block, entryAt + NUMBER, NUMBER, map.get(index).length());
    }
    return index;
  }

  private static byte[] header(byte[] name, int mode, long size, long mtime, char typeflag) {
    byte[] block = new byte[BLOCK];
    System.arraycopy(name, 0, block, 0, Math.min(name.length, NAME_FIELD));
    number(block, 100, 8, mode);
    number(block, 108, 8, 0);
    number(block, 116, 8, 0);
    number(block, 124, NUMBER, size);
    number(block, 136, NUMBER, mtime);
    block[TYPEFLAG_AT] = (byte) typeflag;
    ascii(block, MAGIC_AT, GNU_MAGIC);
    ascii(block, 265, "root");
    ascii(block, 297, "root");
    checksum(block);
    return block;
  }

  /** (Re)computes the checksum over the block with the checksum field taken as spaces. */
  static void checksum(byte[] block) {
    ascii(block, 148, "        ");
    long sum = 0;
    for (byte b : block) {
      sum += b & 0xff;
    }
    number(block, 148, 7, sum);
  }

  /** Octal digits filling {@code length - 1} bytes plus NUL, or base-256 when too large. */
  static void number(byte[] block, int at, int length, long value) {
    if (value < 0) {
      throw new IllegalArgumentException("tar numbers must be >= 0, got " + value);
    }
    int digits = length - 1;
    if (digits * 3 >= Long.SIZE - 1 || value >> (digits * 3) == 0) {
      String octal = Long.toOctalString(value);
      ascii(block, at, "0".repeat(digits - octal.length()) + octal);
      block[at + digits] = 0;
      return;
    }
    block[at] = (byte) 0x80;
    long rest = value;
    for (int i = at + length - 1; i > at; i--) {
      block[i] = (byte) rest;
      rest >>>= 8;
    }
  }

  private static void ascii(byte[] block, int at, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(bytes, 0, block, at, bytes.length);
  }
}
