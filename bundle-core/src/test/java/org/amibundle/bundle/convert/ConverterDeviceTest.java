package org.amibundle.bundle.convert;

import static org.amibundle.bundle.DiskImages.MIB;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.OptionalInt;
import java.util.Random;
import org.amibundle.BadInputException;
import org.amibundle.IntegrityException;
import org.amibundle.bundle.BundleResult;
import org.amibundle.bundle.DiskImages;
import org.amibundle.bundle.Fixtures;
import org.amibundle.bundle.LoopDevice;
import org.amibundle.testing.ExternalTool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * convert onto real block devices (loop devices; tests run as root, as CI does): written in place,
 * fitted, and refused when too small, not empty or mounted.
 */
class ConverterDeviceTest {

  private static final long IMAGE = 40 * MIB;

  @TempDir Path work;

  private ConvertRequest request(BundleResult bundle, Path device, boolean grow, boolean force)
      throws IOException {
    return ConverterTest.request(bundle, device, grow, force);
  }

  @Test
  void gptOntoADeviceTwiceTheSize_withGrow_isCleanAndGrown() throws IOException {
    Path image = DiskImages.gpt(work, "gpt.img", IMAGE);
    long offset = DiskImages.offset(image, 1);
    long before = DiskImages.filesystemBytes(image, offset);
    BundleResult bundle = ConverterTest.bundle(work, image);
    Path backing = DiskImages.sparse(work, "device.img", 2 * IMAGE);

    ConvertResult result;
    try (LoopDevice device = LoopDevice.attach(backing)) {
      result = new Converter().convert(request(bundle, device.path(), true, false));
      String verify = DiskImages.sgdiskVerify(device.path());
      assertTrue(verify.contains("No problems found"), verify);
      assertEquals(0, DiskImages.fsck(device.path(), offset).exitCode());
    }
    assertTrue(result.device());
    assertTrue(result.backupMoved());
    assertEquals(OptionalInt.of(1), result.grownPartition());
    assertTrue(result.filesystemGrown());
    assertEquals(2 * IMAGE, result.targetSize());
    assertTrue(DiskImages.filesystemBytes(backing, offset) > before + IMAGE - 2 * MIB);
    assertEquals(DiskImages.HELLO, DiskImages.cat(backing, offset, "hello.txt"));
    assertArrayEquals(DiskImages.dataBin(), DiskImages.catBytes(backing, offset, "data.bin"));
  }

  @Test
  void deviceHoldingOldData_isRefusedWithoutForce_andWithItHolesAreWrittenAsZeros()
      throws IOException {
    Path image = DiskImages.mbr(work, "mbr.img", IMAGE);
    BundleResult bundle = ConverterTest.bundle(work, image);
    byte[] old = new byte[(int) (2 * IMAGE)];
    new Random(11).nextBytes(old);
    Path backing = Files.write(work.resolve("device.img"), old);

    try (LoopDevice device = LoopDevice.attach(backing)) {
      IllegalArgumentException refused =
          assertThrows(
              IllegalArgumentException.class,
              () -> new Converter().convert(request(bundle, device.path(), false, false)));
      assertTrue(refused.getMessage().contains("not empty"), refused.getMessage());
      assertArrayEquals(old, Files.readAllBytes(backing));

      ConvertResult result = new Converter().convert(request(bundle, device.path(), false, true));
      assertTrue(result.holeBytes() > 0);
    }
    byte[] written = Files.readAllBytes(backing);
    assertArrayEquals(Files.readAllBytes(image), Arrays.copyOf(written, (int) IMAGE));
    int stale = old.length - 33 * 512;
    assertArrayEquals(
        Arrays.copyOfRange(old, (int) IMAGE, stale),
        Arrays.copyOfRange(written, (int) IMAGE, stale),
        "past the image: untouched");
    assertArrayEquals(
        new byte[33 * 512],
        Arrays.copyOfRange(written, stale, old.length),
        "where an older backup GPT would be: zeroed");
  }

  @Test
  void smallerDevice_isRefusedAndLeftUntouched() throws IOException {
    BundleResult bundle = ConverterTest.bundle(work, DiskImages.gpt(work, "gpt.img", IMAGE));
    Path backing = DiskImages.sparse(work, "small.img", IMAGE / 2);

    try (LoopDevice device = LoopDevice.attach(backing)) {
      BadInputException refused =
          assertThrows(
              BadInputException.class,
              () -> new Converter().convert(request(bundle, device.path(), false, true)));
      assertTrue(refused.getMessage().contains("larger device"), refused.getMessage());
    }
    assertEquals(0, Fixtures.allocatedBytes(backing));
  }

  @Test
  void deviceWithAMountedPartition_isRefusedEvenWithForce() throws IOException {
    Path image = DiskImages.gpt(work, "gpt.img", IMAGE);
    BundleResult bundle = ConverterTest.bundle(work, image);
    Path backing = work.resolve("device.img");
    ExternalTool.run(work, "cp", "--sparse=always", image.toString(), backing.toString()).orFail();
    ExternalTool.run(work, "truncate", "-s", Long.toString(2 * IMAGE), backing.toString()).orFail();
    String before = Fixtures.sha256(backing);
    Path mountPoint = Files.createDirectory(work.resolve("mnt"));

    try (LoopDevice device = LoopDevice.attachWithPartitions(backing)) {
      ExternalTool.run(work, "mount", "-o", "ro", device.path() + "p1", mountPoint.toString())
          .orFail();
      try {
        BadInputException refused =
            assertThrows(
                BadInputException.class,
                () -> new Converter().convert(request(bundle, device.path(), true, true)));
        assertTrue(
            refused.getMessage().contains("p1 is mounted on " + mountPoint), refused.getMessage());
      } finally {
        ExternalTool.run(work, "umount", mountPoint.toString()).orFail();
      }
    }
    assertEquals(before, Fixtures.sha256(backing));
  }

  @Test
  void mountedDevice_isRefused() throws IOException {
    BundleResult bundle = ConverterTest.bundle(work, DiskImages.gpt(work, "gpt.img", IMAGE));
    Path backing = DiskImages.sparse(work, "device.img", 2 * IMAGE);
    ExternalTool.run(work, "mke2fs", "-q", "-F", "-t", "ext4", backing.toString()).orFail();
    String before = Fixtures.sha256(backing);
    Path mountPoint = Files.createDirectory(work.resolve("mnt"));

    try (LoopDevice device = LoopDevice.attach(backing)) {
      ExternalTool.run(work, "mount", "-o", "ro", device.path().toString(), mountPoint.toString())
          .orFail();
      try {
        BadInputException refused =
            assertThrows(
                BadInputException.class,
                () -> new Converter().convert(request(bundle, device.path(), false, true)));
        assertTrue(refused.getMessage().contains("is mounted on"), refused.getMessage());
      } finally {
        ExternalTool.run(work, "umount", mountPoint.toString()).orFail();
      }
    }
    assertEquals(before, Fixtures.sha256(backing));
  }

  @Test
  void fileAttachedToALoopDevice_isRefused() throws IOException {
    BundleResult bundle = ConverterTest.bundle(work, DiskImages.gpt(work, "gpt.img", IMAGE));
    Path target = DiskImages.sparse(work, "target.img", 2 * IMAGE);

    try (LoopDevice device = LoopDevice.attach(target)) {
      BadInputException refused =
          assertThrows(
              BadInputException.class,
              () -> new Converter().convert(ConverterTest.request(bundle, target, false, true)));
      assertTrue(
          refused.getMessage().contains("attached to " + device.path()), refused.getMessage());
    }
    assertEquals(0, Fixtures.allocatedBytes(target));
  }

  @Test
  void corruptLaterPart_onADevice_saysTheDeviceIsPartlyWritten() throws IOException {
    // 12 MiB of random data: three parts, the first written before the last is checked
    Path image =
        Fixtures.image(work.resolve("random.img"), IMAGE, 9, new long[][] {{MIB, 12 * MIB}});
    BundleResult bundle = ConverterTest.bundle(work, image);
    assertTrue(bundle.partFiles().size() >= 2, "parts: " + bundle.partFiles().size());
    Path part = bundle.partFiles().get(bundle.partFiles().size() - 1);
    byte[] bytes = Files.readAllBytes(part);
    bytes[bytes.length - 100] ^= 1;
    Files.write(part, bytes);
    Path backing = DiskImages.sparse(work, "device.img", 2 * IMAGE);

    try (LoopDevice device = LoopDevice.attach(backing)) {
      IntegrityException failure =
          assertThrows(
              IntegrityException.class,
              () -> new Converter().convert(request(bundle, device.path(), false, false)));
      assertTrue(
          failure.getMessage().contains(part.getFileName().toString()), failure.getMessage());
      assertTrue(failure.getMessage().contains("partly written"), failure.getMessage());
    }
  }
}
