package org.amibundle.partition.gpt;

import java.util.Objects;
import java.util.UUID;

/**
 * One used entry of a GPT partition entry array. Values are as stored; {@link GptTable#verify()}
 * judges them.
 *
 * @param number the 1-based entry index (the partition number sgdisk and the kernel show)
 * @param type the partition type GUID, see {@link GptTypes}
 * @param guid the unique partition GUID
 * @param firstLba the first sector
 * @param lastLba the last sector, inclusive
 * @param attributes the 64 attribute bits
 * @param name the name, at most 36 UTF-16 code units, no NUL
 */
public record GptEntry(
    int number, UUID type, UUID guid, long firstLba, long lastLba, long attributes, String name) {

  /** The longest name: 72 bytes of UTF-16LE. */
  public static final int MAX_NAME_CHARS = 36;

  public GptEntry {
    if (number < 1) {
      throw new IllegalArgumentException("partition number must be at least 1, got " + number);
    }
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(guid, "guid");
    Objects.requireNonNull(name, "name");
    if (name.length() > MAX_NAME_CHARS) {
      throw new IllegalArgumentException(
          "partition name must be at most 36 UTF-16 units, got " + name.length());
    }
    if (name.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("partition name must not contain NUL: " + name);
    }
  }

  /** Sectors covered, first to last inclusive. */
  public long sectors() {
    return lastLba - firstLba + 1;
  }

  /** The same entry ending at {@code newLastLba}. */
  public GptEntry withLastLba(long newLastLba) {
    return new GptEntry(number, type, guid, firstLba, newLastLba, attributes, name);
  }
}
