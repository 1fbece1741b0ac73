package org.amibundle.bundle.convert;

import static org.amibundle.bundle.DiskImages.MIB;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.amibundle.bundle.BundleResult;
import org.amibundle.bundle.DiskImages;
import org.amibundle.bundle.Fixtures;
import org.amibundle.bundle.HoleDetection;
import org.amibundle.bundle.ImageTarget;
import org.amibundle.bundle.LoopDevice;
import org.amibundle.bundle.Tmpfs;
import org.amibundle.bundle.UnbundleRequest;
import org.amibundle.bundle.Unbundler;
import org.amibundle.bundle.tar.DataLayout;
import org.amibundle.bundle.tar.Extent;
import org.amibundle.bundle.tar.HoleScanner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Holes onto a block device cost no data writes where the device can zero them: loop devices pass
 * the zeroing to their backing file as punched holes, so the backing file shows what was written. A
 * loop device over a file on ramfs cannot zero, and gets its holes written as zeros.
 */
class DeviceZeroingTest {

  private static final int PAGE = 4096;

  /** Data at unaligned places and a size that is not a whole page: holes with ragged ends. */
  private static final long SIZE = 24 * MIB + 1000;

  private static final long[][] RUNS = {
    {0, 5000}, {3 * MIB + 100, 2 * MIB}, {10 * MIB, 700}, {20 * MIB - 3, 2 * MIB}
  };

  @TempDir Path work;

  @Test
  void convert_ontoADeviceThatZeroes_writesNoHoleAndReadsBackExact() throws IOException {
    Path image = Fixtures.image(work.resolve("sparse.img"), SIZE, 3, RUNS);
    BundleResult bundle = ConverterTest.bundle(work, image);
    Path backing = Files.write(work.resolve("device.img"), old(32 * MIB));

    ConvertResult result;
    try (LoopDevice device = LoopDevice.attach(backing)) {
      result = new Converter().convert(ConverterTest.request(bundle, device.path(), false, true));
    }

    List<Extent> holes = pageHoles(image);
    assertEquals(bytes(holes), result.holesZeroedByDevice());
    assertEquals(result.holeBytes() - bytes(holes), result.holesWrittenAsZeros());
    assertTrue(result.holesZeroedByDevice() > SIZE / 2, "zeroed: " + result.holesZeroedByDevice());
    assertImageOnDevice(image, backing);
    assertNoData(backing, holes);
  }

  @Test
  void gptConvert_ontoADeviceThatZeroes_leavesItsHolesUnallocatedInTheBacking() throws IOException {
    Path image = DiskImages.gpt(work, "gpt.img", 40 * MIB);
    BundleResult bundle = ConverterTest.bundle(work, image);
    Path backing = Files.write(work.resolve("device.img"), old(80 * MIB));

    ConvertResult result;
    try (LoopDevice device = LoopDevice.attach(backing)) {
      result = new Converter().convert(ConverterTest.request(bundle, device.path(), false, true));
      String verify = DiskImages.sgdiskVerify(device.path());
      assertTrue(verify.contains("No problems found"), verify);
    }

    assertTrue(result.holesZeroedByDevice() > 30 * MIB, "zeroed: " + result.holesZeroedByDevice());
    assertEquals(0, DiskImages.fsck(backing, DiskImages.offset(backing, 1)).exitCode());
    assertNoData(backing, pageHoles(image));
  }

  @Test
  void convert_ontoADeviceThatCannotZero_writesItsHolesAsZeros() throws IOException {
    Path image = Fixtures.image(work.resolve("sparse.img"), SIZE, 3, RUNS);
    BundleResult bundle = ConverterTest.bundle(work, image);
    Path ram = Files.createDirectory(work.resolve("ram"));

    try (Tmpfs mounted = Tmpfs.ramfs(ram)) {
      Path backing = Files.write(ram.resolve("device.img"), old(32 * MIB));
      ConvertResult result;
      try (LoopDevice device = LoopDevice.attach(backing)) {
        result = new Converter().convert(ConverterTest.request(bundle, device.path(), false, true));
      }
      assertEquals(0, result.holesZeroedByDevice());
      assertEquals(result.holeBytes(), result.holesWrittenAsZeros());
      assertTrue(result.holeBytes() > SIZE / 2, "holes: " + result.holeBytes());
      assertImageOnDevice(image, backing);
    }
  }

  @Test
  void unbundle_ontoADeviceThatZeroes_writesNoHole() throws IOException {
    assertUnbundlesOntoADevice(RUNS, 5);
  }

  @Test
  void unbundle_ofAnImageWhoseDataFillsItsLastPartialBlock_leavesWhatFollowsUntouched()
      throws IOException {
    // Data across the last whole block's end (direct I/O) into the partial block (page cache).
    assertUnbundlesOntoADevice(new long[][] {{0, 5000}, {SIZE - 6000, 6000}}, 7);
  }

  /**
   * An image of {@code runs} of data (made with {@code seed}), unbundled onto a loop device over
   * old data: the device holds the image, no data in its holes, and the old data after it.
   */
  private void assertUnbundlesOntoADevice(long[][] runs, int seed) throws IOException {
    Path image = Fixtures.image(work.resolve("sparse.img"), SIZE, seed, runs);
    BundleResult bundle = ConverterTest.bundle(work, image);
    Path backing = Files.write(work.resolve("device.img"), old(32 * MIB));

    try (LoopDevice device = LoopDevice.attach(backing)) {
      new Unbundler()
          .unbundle(
              UnbundleRequest.of(
                  bundle.manifestFile(), Fixtures.userKey(), ImageTarget.file(device.path())));
    }

    assertImageOnDevice(image, backing);
    assertNoData(backing, pageHoles(image));
  }

  private static byte[] old(long size) {
    byte[] bytes = new byte[(int) size];
    new Random(17).nextBytes(bytes);
    return bytes;
  }

  /** The device holds the image, and past it the old data. */
  private static void assertImageOnDevice(Path image, Path backing) throws IOException {
    byte[] written = Files.readAllBytes(backing);
    assertArrayEquals(Files.readAllBytes(image), Arrays.copyOf(written, (int) SIZE));
    byte[] old = old(written.length);
    int stale = written.length - 33 * 512;
    assertArrayEquals(
        Arrays.copyOfRange(old, (int) SIZE, stale),
        Arrays.copyOfRange(written, (int) SIZE, stale),
        "past the image: untouched");
  }

  /** The whole pages inside the image's holes: what the device is asked to zero. */
  private static List<Extent> pageHoles(Path image) throws IOException {
    DataLayout layout = HoleScanner.scan(image, HoleDetection.AUTO);
    List<Extent> holes = new ArrayList<>();
    long position = 0;
    for (Extent data : layout.data()) {
      addPages(holes, position, data.offset());
      position = data.offset() + data.length();
    }
    addPages(holes, position, layout.size());
    return holes;
  }

  private static void addPages(List<Extent> holes, long from, long to) {
    long start = (from + PAGE - 1) / PAGE * PAGE;
    long end = to / PAGE * PAGE;
    if (end > start) {
      holes.add(new Extent(start, end - start));
    }
  }

  private static long bytes(List<Extent> extents) {
    return extents.stream().mapToLong(Extent::length).sum();
  }

  /** No data extent of {@code file} overlaps any of {@code holes}. */
  private static void assertNoData(Path file, List<Extent> holes) throws IOException {
    List<Extent> data = HoleScanner.scan(file, HoleDetection.AUTO).data();
    for (Extent hole : holes) {
      for (Extent extent : data) {
        boolean overlaps =
            extent.offset() < hole.offset() + hole.length()
                && hole.offset() < extent.offset() + extent.length();
        assertTrue(
            !overlaps, "hole " + hole + " of the image holds data in " + file + ": " + extent);
      }
    }
    assertTrue(!holes.isEmpty(), "the image has holes");
  }
}
