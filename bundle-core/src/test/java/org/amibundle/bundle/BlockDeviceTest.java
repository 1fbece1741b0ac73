package org.amibundle.bundle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.amibundle.BadInputException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Block devices as the image to bundle and as the target of an unbundle (loop devices). */
class BlockDeviceTest {

  private static final int MIB = 1 << 20;

  @TempDir Path work;
  private Path image;
  private Path bundleDir;

  @BeforeEach
  void setUp() throws IOException {
    // 6 MiB: data, 3 MiB of zeros, data. Fully allocated, so only a zero scan finds the hole.
    byte[] bytes = new byte[6 * MIB];
    Random random = new Random(21);
    byte[] data = new byte[MIB + 123];
    random.nextBytes(data);
    System.arraycopy(data, 0, bytes, 0, data.length);
    random.nextBytes(data);
    System.arraycopy(data, 0, bytes, 5 * MIB - 123, data.length - 1);
    image = Files.write(work.resolve("disk.img"), bytes);
    bundleDir = Files.createDirectory(work.resolve("bundle"));
  }

  @Test
  void bundleFromABlockDevice_restoresItsContent() throws IOException {
    BundleResult bundle;
    try (LoopDevice device = LoopDevice.attach(image)) {
      bundle = new Bundler().bundle(Fixtures.request(device.path(), bundleDir).name("dev").build());
    }
    assertEquals(6 * MIB, bundle.manifest().image().size());

    Path out = Files.createDirectory(work.resolve("out"));
    new Unbundler()
        .unbundle(
            UnbundleRequest.of(
                bundle.manifestFile(), Fixtures.userKey(), ImageTarget.directory(out)));
    assertEquals(Fixtures.sha256(image), Fixtures.sha256(out.resolve("dev")));
  }

  @Test
  void unbundleOntoABlockDevice_writesHolesAsZerosOverOldData() throws IOException {
    BundleResult bundle = new Bundler().bundle(Fixtures.request(image, bundleDir).build());
    byte[] old = new byte[8 * MIB];
    new Random(99).nextBytes(old);
    Path backing = Files.write(work.resolve("device.img"), old);

    try (LoopDevice device = LoopDevice.attach(backing)) {
      UnbundleResult result =
          new Unbundler()
              .unbundle(
                  UnbundleRequest.of(
                      bundle.manifestFile(), Fixtures.userKey(), ImageTarget.file(device.path())));
      assertTrue(result.image().isEmpty());
    }
    byte[] written = Files.readAllBytes(backing);
    assertArrayEquals(Files.readAllBytes(image), Arrays.copyOf(written, 6 * MIB));
    assertArrayEquals(
        Arrays.copyOfRange(old, 6 * MIB, 8 * MIB), Arrays.copyOfRange(written, 6 * MIB, 8 * MIB));
  }

  @Test
  void deviceSmallerThanTheImage_isRefusedBeforeAnythingIsWritten() throws IOException {
    BundleResult bundle = new Bundler().bundle(Fixtures.request(image, bundleDir).build());
    byte[] old = new byte[4 * MIB];
    new Random(7).nextBytes(old);
    Path backing = Files.write(work.resolve("small.img"), old);

    try (LoopDevice device = LoopDevice.attach(backing)) {
      BadInputException failure =
          assertThrows(
              BadInputException.class,
              () ->
                  new Unbundler()
                      .unbundle(
                          UnbundleRequest.of(
                              bundle.manifestFile(),
                              Fixtures.userKey(),
                              ImageTarget.file(device.path()))));
      assertTrue(failure.getMessage().contains("larger device"), failure.getMessage());
    }
    assertArrayEquals(old, Files.readAllBytes(backing));
  }
}
