package org.amibundle.bundle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.amibundle.BadInputException;
import org.amibundle.LocalIoException;
import org.amibundle.NotFoundException;
import org.amibundle.bundle.internal.staging.StagingDirectory;
import org.amibundle.testing.ExternalTool;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bundle that cannot be finished (its image changed under it, among others) leaves nothing in the
 * destination: no part, no manifest. One that is finished replaces an older bundle of the same name
 * whole, and removes what runs killed outright (no clean-up of their own) left there.
 */
class BundleFailsCleanlyTest {

  private static final int PART = 64 * 1024;

  @TempDir Path work;
  private Path destination;
  private Path image;

  @BeforeEach
  void setUp() throws IOException {
    destination = Files.createDirectory(work.resolve("dest"));
    image = Fixtures.denseImage(work.resolve("disk.img"), 2_000_000, 9);
  }

  private void assertDestinationEmpty() throws IOException {
    assertEquals(List.of(), names(destination));
  }

  private static List<String> names(Path directory) throws IOException {
    try (Stream<Path> files = Files.list(directory)) {
      return files.map(f -> f.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void fullDestination_failsNamingTheProblem_andLeavesNothing() throws IOException {
    try (Tmpfs full = Tmpfs.mount(destination, "size=256k")) {
      LocalIoException failure =
          assertThrows(
              LocalIoException.class,
              () ->
                  new Bundler()
                      .bundle(Fixtures.request(image, destination).partSize(64 * 1024).build()));
      assertTrue(failure.getMessage().contains("space"), failure.getMessage());
      assertDestinationEmpty();
    }
  }

  @Test
  void readOnlyDestination_fails() throws IOException {
    try (Tmpfs readOnly = Tmpfs.mount(destination, "ro")) {
      assertThrows(
          LocalIoException.class,
          () -> new Bundler().bundle(Fixtures.request(image, destination).build()));
      assertDestinationEmpty();
    }
  }

  @Test
  void missingImage_isNotFound() throws IOException {
    NotFoundException failure =
        assertThrows(
            NotFoundException.class,
            () ->
                new Bundler()
                    .bundle(Fixtures.request(work.resolve("nope.img"), destination).build()));
    assertTrue(failure.getMessage().contains("nope.img"), failure.getMessage());
    assertDestinationEmpty();
  }

  @Test
  void missingDestination_isNotFound() {
    assertThrows(
        NotFoundException.class,
        () -> new Bundler().bundle(Fixtures.request(image, work.resolve("nowhere")).build()));
  }

  @Test
  void streamShorterThanAnnounced_failsAndLeavesNothing() throws IOException {
    BundleRequest request =
        BundleRequest.builder(
                ImageSource.stream(new ByteArrayInputStream(new byte[1000]), 2000),
                destination,
                Fixtures.credentials())
            .accountId(Fixtures.ACCOUNT)
            .name("short")
            .build();

    BadInputException failure =
        assertThrows(BadInputException.class, () -> new Bundler().bundle(request));
    assertTrue(failure.getMessage().contains("2000"), failure.getMessage());
    assertDestinationEmpty();
  }

  @Test
  void streamLongerThanAnnounced_failsAndLeavesNothing() throws IOException {
    BundleRequest request =
        BundleRequest.builder(
                ImageSource.stream(new ByteArrayInputStream(new byte[3000]), 2000),
                destination,
                Fixtures.credentials())
            .accountId(Fixtures.ACCOUNT)
            .name("long")
            .build();

    assertThrows(BadInputException.class, () -> new Bundler().bundle(request));
    assertDestinationEmpty();
  }

  @Test
  void prefixWithASlash_isRefusedBeforeAnythingIsWritten() {
    IllegalArgumentException failure =
        assertThrows(
            IllegalArgumentException.class,
            () -> Fixtures.request(image, destination).name("a/b").build());
    assertTrue(failure.getMessage().contains("a/b"));
  }

  @Test
  void accessKeyInsteadOfAccount_isRefused() {
    assertThrows(
        IllegalArgumentException.class,
        () -> Fixtures.request(image, destination).accountId("AKIAIOSFODNN7EXAMPLE").build());
  }

  /** Runs {@code change} on the image once the first part is cut: the image is half read. */
  private void bundleChangingTheImage(ImageChange change) throws IOException {
    BundleRequest request = Fixtures.request(image, destination).partSize(PART).build();
    try (PartStore changing =
        new ChangingStore(PartStore.directory(destination, "disk.img"), change)) {
      new Bundler().bundle(request, changing);
    }
  }

  @Test
  void imageOverwrittenInPlaceWhileBundled_failsLikeGnuTar_andLeavesNothing() throws IOException {
    Files.setLastModifiedTime(image, FileTime.from(Instant.parse("2020-01-01T00:00:00Z")));

    BadInputException failure =
        assertThrows(
            BadInputException.class,
            () ->
                bundleChangingTheImage(
                    file -> {
                      try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                        channel.write(ByteBuffer.allocate(4096), 0); // same size, other bytes
                      }
                    }));

    assertTrue(
        failure.getMessage().contains(image + " changed as it was read"), failure.getMessage());
    assertTrue(failure.getMessage().contains("snapshot"), failure.getMessage());
    assertDestinationEmpty();
  }

  @Test
  void imageWhoseModeChangesWhileBundled_failsOnItsChangeTime() throws IOException {
    afterTheFilesystemClockTicks(image);

    BadInputException failure =
        assertThrows(
            BadInputException.class,
            () ->
                bundleChangingTheImage(
                    file ->
                        Files.setPosixFilePermissions(
                            file, PosixFilePermissions.fromString("rw-------"))));

    assertTrue(failure.getMessage().contains("changed"), failure.getMessage());
    assertDestinationEmpty();
  }

  @Test
  void imageLeftAlone_bundles() throws IOException {
    bundleChangingTheImage(file -> {});

    assertTrue(names(destination).contains("disk.img.manifest.xml"), names(destination).toString());
  }

  @Test
  void rebundleOfASmallerImageUnderTheSameName_leavesNoStalePartsOfTheOldBundle()
      throws IOException {
    new Bundler().bundle(Fixtures.request(image, destination).partSize(PART).build());
    assertEquals(32, names(destination).size(), "31 parts and the manifest");
    Files.writeString(destination.resolve("disk.img.part.x"), "not a part name");
    Files.writeString(destination.resolve("other.img.part.00"), "another bundle's part");
    Fixtures.denseImage(image, 100_000, 5);

    BundleResult second =
        new Bundler().bundle(Fixtures.request(image, destination).partSize(PART).build());

    List<String> expected = new ArrayList<>();
    second.partFiles().forEach(part -> expected.add(part.getFileName().toString()));
    expected.addAll(List.of("disk.img.manifest.xml", "disk.img.part.x", "other.img.part.00"));
    assertEquals(new TreeSet<>(expected), new TreeSet<>(names(destination)));
    assertEquals(
        List.of("disk.img.part.0", "disk.img.part.1"),
        second.partFiles().stream().map(p -> p.getFileName().toString()).toList());
  }

  @Test
  void workEntriesOfRunsKilledOutright_areRemovedByTheNextRun() throws IOException {
    Path staging = Files.createDirectory(destination.resolve(".amibundle-disk.img-1234"));
    Files.write(staging.resolve("part-0"), new byte[100]);
    Files.write(destination.resolve(".amibundle-disk.img-5678.partial"), new byte[100]);

    new Bundler().bundle(Fixtures.request(image, destination).build());

    assertEquals(List.of("disk.img.manifest.xml", "disk.img.part.0"), names(destination));
  }

  @Test
  void workEntriesOfLiveRuns_ofOtherUsers_andLinks_stay() throws IOException {
    Path foreign = Files.createDirectory(destination.resolve(".amibundle-foreign-1"));
    Files.write(foreign.resolve("part-0"), new byte[100]);
    ExternalTool.Result chown =
        ExternalTool.run(work, null, List.of("chown", "-R", "65534", foreign.toString()));
    assertEquals(0, chown.exitCode(), chown.stderr());
    Path outside = Files.createDirectory(work.resolve("outside"));
    Files.write(outside.resolve("keep"), new byte[1]);
    Files.createSymbolicLink(destination.resolve(".amibundle-link"), outside);

    try (StagingDirectory live = StagingDirectory.create(destination, "live.img")) {
      live.write("part-0", new byte[10], 10);

      new Bundler().bundle(Fixtures.request(image, destination).build());

      assertTrue(Files.exists(live.path().resolve("part-0")), "a live run's staging stays");
    }
    assertTrue(Files.exists(foreign.resolve("part-0")), "another user's entry stays");
    assertTrue(Files.exists(outside.resolve("keep")), "a link is not followed");
    assertTrue(Files.isSymbolicLink(destination.resolve(".amibundle-link")));
  }

  /** Waits until a file written now gets a later change time than {@code file} has. */
  private void afterTheFilesystemClockTicks(Path file) throws IOException {
    FileTime before = (FileTime) Files.getAttribute(file, "unix:ctime");
    Path probe = work.resolve("clock");
    do {
      Files.write(probe, new byte[1]);
    } while (((FileTime) Files.getAttribute(probe, "unix:ctime")).compareTo(before) <= 0);
  }

  @FunctionalInterface
  private interface ImageChange {
    void apply(Path image) throws IOException;
  }

  /** A directory store that changes the image when the first part arrives. */
  private final class ChangingStore implements PartStore {
    private final PartStore store;
    private ImageChange change;

    ChangingStore(PartStore store, ImageChange change) {
      this.store = store;
      this.change = change;
    }

    @Override
    public void put(String fileName, FinishedPart part) throws IOException {
      if (change != null) {
        change.apply(image);
        change = null;
      }
      store.put(fileName, part);
    }

    @Override
    public void commit(String manifestName, byte[] manifest) throws IOException {
      store.commit(manifestName, manifest);
    }

    @Override
    public void close() throws IOException {
      store.close();
    }
  }
}
