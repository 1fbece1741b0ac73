package org.amibundle.bundle.tar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.amibundle.BadInputException;
import org.amibundle.NotFoundException;
import org.amibundle.bundle.HoleDetection;
import org.amibundle.testing.ExternalTool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HoleScannerTest {

  private static final int K4 = 4096;

  @TempDir Path dir;

  /** A fully written file: 10 pages, pages 2..4 zero, and a zero partial page at the end. */
  private Path denseFileWithZeroPages() throws IOException {
    byte[] content = TestImages.nonZeroBytes(new Random(3), 10 * K4 + 100);
    Arrays.fill(content, 2 * K4, 5 * K4, (byte) 0);
    Arrays.fill(content, 10 * K4, content.length, (byte) 0);
    Arrays.fill(content, 7 * K4 + 1, 8 * K4, (byte) 0);
    return Files.write(dir.resolve("dense.img"), content);
  }

  @Test
  void zeroScan_findsAlignedZeroPagesOfADenseFile() throws IOException {
    DataLayout layout = HoleScanner.scan(denseFileWithZeroPages(), HoleDetection.ZERO_SCAN);

    assertEquals(
        new DataLayout(10L * K4 + 100, List.of(new Extent(0, 2 * K4), new Extent(5 * K4, 5 * K4))),
        layout);
  }

  @Test
  void auto_onADenseFileWithZeros_givesOneExtentLikeGnuTar() throws IOException {
    Path file = denseFileWithZeroPages();

    assertEquals(DataLayout.dense(Files.size(file)), HoleScanner.scan(file, HoleDetection.AUTO));
  }

  @Test
  void none_isDenseEvenForASparseFile() throws IOException {
    Path file = TestImages.create(dir, "sparse.img", 100L * K4, List.of(new Extent(K4, 1)));

    assertEquals(DataLayout.dense(100L * K4), HoleScanner.scan(file, HoleDetection.NONE));
  }

  @Test
  void auto_onASparseFile_givesTheFilesystemHoleMap() throws IOException {
    Path file =
        TestImages.create(
            dir,
            "sparse.img",
            100L * K4,
            List.of(new Extent(K4 + 10, 1), new Extent(50L * K4, 2 * K4 + 1)));

    assertEquals(
        new DataLayout(100L * K4, List.of(new Extent(K4, K4), new Extent(50L * K4, 3 * K4))),
        HoleScanner.scan(file, HoleDetection.AUTO));
  }

  @Test
  void auto_onAnEmptyFile_isEmptyAndDense() throws IOException {
    Path file = Files.createFile(dir.resolve("empty.img"));

    assertEquals(DataLayout.dense(0), HoleScanner.scan(file, HoleDetection.AUTO));
  }

  @Test
  void missingFile_failsWithNotFound() {
    assertThrows(
        NotFoundException.class,
        () -> HoleScanner.scan(dir.resolve("missing.img"), HoleDetection.AUTO));
  }

  @Test
  void directory_isRejected() {
    BadInputException e =
        assertThrows(BadInputException.class, () -> HoleScanner.scan(dir, HoleDetection.AUTO));

    assertTrue(e.getMessage().contains("neither a regular file nor a block device"));
  }

  @Test
  void blockDevice_hasItsRealSizeAndZeroPagesAsHoles() throws IOException {
    // Needs root and loop devices, as CI has: without them the test fails, it never skips.
    byte[] content = new byte[64 * K4];
    Arrays.fill(content, 8 * K4, 9 * K4, (byte) 7);
    Path backing = Files.write(dir.resolve("backing.img"), content);
    ExternalTool.Result attach =
        ExternalTool.run(dir, "losetup", "-f", "--show", backing.toString()).orFail();
    String device = attach.stdoutText().trim();
    try {
      DataLayout layout = HoleScanner.scan(Path.of(device), HoleDetection.AUTO);

      assertEquals(new DataLayout(64L * K4, List.of(new Extent(8 * K4, K4))), layout);
    } finally {
      ExternalTool.run(dir, "losetup", "-d", device).orFail();
    }
  }
}
