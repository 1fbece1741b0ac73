package org.amibundle.bundle.volume;

import java.util.Locale;

/** The image's partition table ({@code -P}): none, MBR, GPT, or as the volume's disk has it. */
public enum Partitioning {
  NONE,
  MBR,
  GPT,
  /** The source disk's scheme when it can be read; none for an unpartitioned disk; else GPT. */
  AUTO;

  /** {@code none}, {@code mbr}, {@code gpt} or {@code auto}. */
  public static Partitioning parse(String value) {
    try {
      return valueOf(value.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "partition type must be none, mbr, gpt or auto, got '" + value + "'", e);
    }
  }

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
