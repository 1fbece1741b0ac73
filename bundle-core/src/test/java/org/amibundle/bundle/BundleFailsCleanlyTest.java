package org.amibundle.bundle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.amibundle.BadInputException;
import org.amibundle.LocalIoException;
import org.amibundle.NotFoundException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A bundle that cannot be finished leaves nothing in the destination: no part, no manifest. */
class BundleFailsCleanlyTest {

  @TempDir Path work;
  private Path destination;
  private Path image;

  @BeforeEach
  void setUp() throws IOException {
    destination = Files.createDirectory(work.resolve("dest"));
    image = Fixtures.denseImage(work.resolve("disk.img"), 2_000_000, 9);
  }

  private void assertDestinationEmpty() throws IOException {
    try (Stream<Path> files = Files.list(destination)) {
      assertEquals(List.of(), files.toList());
    }
  }

  @Test
  void fullDestination_failsNamingTheProblem_andLeavesNothing() throws IOException {
    try (Tmpfs full = Tmpfs.mount(destination, "size=256k")) {
      LocalIoException failure =
          assertThrows(
              LocalIoException.class,
              () -> new Bundler().bundle(Fixtures.request(image, destination).partSize(64 * 1024).build()));
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
            () -> new Bundler().bundle(Fixtures.request(work.resolve("nope.img"), destination).build()));
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
}
