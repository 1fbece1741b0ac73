package org.amibundle.bundle.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.zip.ZipException;
import org.amibundle.testing.ExternalTool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Damaged streams fail as GZIPInputStream fails, before the end of the data is reported: in pieces
 * (by libdeflate or the Inflater) and in sequence, a truncation is an EOFException, changed bytes a
 * ZipException.
 */
class ParallelGunzipFailureTest {

  private static final int BLOCK = ParallelGzipOutputStream.DEFAULT_BLOCK_SIZE;
  private static final byte[] DATA = ParallelGunzipInputStreamTest.input(5 * BLOCK + 999, "mixed");

  private static byte[] ours() throws IOException {
    return GzipTestData.gzip(DATA, 6, 2, BLOCK);
  }

  private static byte[] gnu() {
    return ExternalTool.run(null, DATA, List.of("gzip", "-9", "-c")).orFail().stdout();
  }

  private static byte[] readAll(Inflation inflation, byte[] gz) throws IOException {
    try (var in = inflation.open(gz, 2)) {
      return in.readAllBytes();
    }
  }

  @ParameterizedTest(name = "{0}, ours={1}")
  @CsvSource({"LIBDEFLATE, true", "LIBDEFLATE, false", "INFLATER, true", "INFLATER, false"})
  void truncatedAnywhere_isAnEarlyEnd(Inflation inflation, boolean ours) throws IOException {
    byte[] gz = ours ? ours() : gnu();
    for (int keep : new int[] {gz.length - 1, gz.length - 8, gz.length - 9, gz.length / 2, 11}) {
      byte[] cut = Arrays.copyOf(gz, keep);
      assertThrows(EOFException.class, () -> readAll(inflation, cut), "kept " + keep);
    }
  }

  @ParameterizedTest(name = "{0}, ours={1}")
  @CsvSource({"LIBDEFLATE, true", "LIBDEFLATE, false", "INFLATER, true", "INFLATER, false"})
  void changedCrcOrLength_failsNamingTheField(Inflation inflation, boolean ours)
      throws IOException {
    byte[] gz = ours ? ours() : gnu();
    byte[] crc = gz.clone();
    crc[gz.length - 8] ^= 1;
    ZipException e = assertThrows(ZipException.class, () -> readAll(inflation, crc));
    assertTrue(e.getMessage().contains("CRC-32"), e.getMessage());
    byte[] size = gz.clone();
    size[gz.length - 3] ^= 1;
    e = assertThrows(ZipException.class, () -> readAll(inflation, size));
    assertTrue(e.getMessage().contains("length"), e.getMessage());
  }

  @ParameterizedTest(name = "{0}, ours={1}")
  @CsvSource({"LIBDEFLATE, true", "LIBDEFLATE, false", "INFLATER, true", "INFLATER, false"})
  void changedDeflateByte_failsOrChangesNothing(Inflation inflation, boolean ours)
      throws IOException {
    byte[] gz = ours ? ours() : gnu();
    int failed = 0;
    for (int at = 10; at < gz.length - 8; at += gz.length / 97) {
      byte[] bad = gz.clone();
      bad[at] ^= 0x10;
      try {
        // A flipped padding bit before a stored block's length changes nothing.
        assertArrayEquals(DATA, readAll(inflation, bad), "flipped byte " + at + " gave other data");
      } catch (IOException e) {
        failed++;
      }
    }
    assertTrue(failed > 90, failed + " of 97 changes failed");
  }

  @Test
  void notGzip_failsAtConstruction() {
    ZipException e =
        assertThrows(
            ZipException.class,
            () -> new ParallelGunzipInputStream(new ByteArrayInputStream(new byte[20]), 2));
    assertTrue(e.getMessage().contains("Not in GZIP format"));
  }

  @ParameterizedTest
  @EnumSource(Inflation.class)
  void garbageAfterTheMember_isRefused(Inflation inflation) throws IOException {
    byte[] gz = ParallelGunzipInputStreamTest.concat(ours(), new byte[] {1, 2, 3, 4, 5});
    assertThrows(ZipException.class, () -> readAll(inflation, gz));
  }
}
