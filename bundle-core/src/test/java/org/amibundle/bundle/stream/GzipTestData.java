package org.amibundle.bundle.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.DataFormatException;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;

/** Inputs for the gzip tests and the one-call ways to compress and decompress them. */
final class GzipTestData {

  private static final String[] WORDS = {
    "ami ", "bundle ", "instance-store ", "/usr/lib/x86_64-linux-gnu/", "\n", "kernel ", "0000 "
  };

  private GzipTestData() {}

  /** Text-like bytes that deflate well. */
  static byte[] compressible(int size, long seed) {
    Random random = new Random(seed);
    byte[] data = new byte[size];
    int at = 0;
    while (at < size) {
      byte[] word = WORDS[random.nextInt(WORDS.length)].getBytes(StandardCharsets.US_ASCII);
      int n = Math.min(word.length, size - at);
      System.arraycopy(word, 0, data, at, n);
      at += n;
    }
    return data;
  }

  /** Bytes that do not deflate at all. */
  static byte[] random(int size, long seed) {
    byte[] data = new byte[size];
    new Random(seed).nextBytes(data);
    return data;
  }

  static byte[] gzip(byte[] data, int level, int threads, int blockSize) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (var gzip = new ParallelGzipOutputStream(out, level, threads, blockSize)) {
      gzip.write(data);
    }
    return out.toByteArray();
  }

  /** As above, the blocks deflated {@code deflation}'s way. */
  static byte[] gzip(byte[] data, int level, int threads, int blockSize, Deflation deflation)
      throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (var gzip =
        new ParallelGzipOutputStream(out, level, threads, blockSize, deflation.library())) {
      gzip.write(data);
    }
    return out.toByteArray();
  }

  static byte[] gunzip(byte[] gz) throws IOException {
    try (var in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
      return in.readAllBytes();
    }
  }

  /** Raw deflate data inflated on its own; all of it must be consumed. */
  static byte[] inflateRaw(byte[] deflate, int expectedLength) throws DataFormatException {
    Inflater inflater = new Inflater(true);
    try {
      inflater.setInput(deflate);
      byte[] out = new byte[expectedLength + 1];
      int n = inflater.inflate(out);
      assertEquals(0, inflater.getRemaining(), "deflate data fully consumed");
      return Arrays.copyOf(out, n);
    } finally {
      inflater.end();
    }
  }
}
