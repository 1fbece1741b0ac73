package org.amibundle.bench;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;

/**
 * Deterministic data that compresses like a disk image: 64 KiB chunks of text-like bytes (45%),
 * random bytes (35%) and zeros (20%), chosen by a seeded generator.
 */
final class SemiCompressible {

  static final int CHUNK = 64 << 10;

  private static final byte[][] WORDS =
      words(
          "usr ",
          "lib ",
          "x86_64-linux-gnu ",
          "libc.so.6 ",
          "ELF ",
          "kernel ",
          "0x0000 ",
          "\n",
          "= ");

  private final Random random;

  SemiCompressible(long seed) {
    this.random = new Random(seed);
  }

  /** Fills {@code chunk} (of {@link #CHUNK} bytes or fewer) with the next chunk of data. */
  void next(byte[] chunk, int length) {
    int kind = random.nextInt(100);
    if (kind < 45) {
      int at = 0;
      while (at < length) {
        byte[] word = WORDS[random.nextInt(WORDS.length)];
        int n = Math.min(word.length, length - at);
        System.arraycopy(word, 0, chunk, at, n);
        at += n;
      }
    } else if (kind < 80) {
      byte[] bytes = new byte[length];
      random.nextBytes(bytes);
      System.arraycopy(bytes, 0, chunk, 0, length);
    } else {
      Arrays.fill(chunk, 0, length, (byte) 0);
    }
  }

  /** {@code size} bytes of data from {@code seed}. */
  static byte[] generate(int size, long seed) {
    SemiCompressible source = new SemiCompressible(seed);
    byte[] data = new byte[size];
    byte[] chunk = new byte[CHUNK];
    for (int at = 0; at < size; at += CHUNK) {
      int n = Math.min(CHUNK, size - at);
      source.next(chunk, n);
      System.arraycopy(chunk, 0, data, at, n);
    }
    return data;
  }

  private static byte[][] words(String... words) {
    byte[][] bytes = new byte[words.length][];
    for (int i = 0; i < words.length; i++) {
      bytes[i] = words[i].getBytes(StandardCharsets.US_ASCII);
    }
    return bytes;
  }
}
