package org.amibundle.bundle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;
import org.amibundle.AmiBundleException;
import org.amibundle.bundle.internal.crypto.Digests;
import org.amibundle.testing.ExternalTool;

/**
 * Issue 20's fuzz test: a small bundle whose manifest, tar stream (headers above all) or gzip
 * stream is damaged in one place, then unbundled. Every try ends in the byte-exact image or an
 * {@link AmiBundleException} — never another exception or error — and writes nothing outside the
 * destination directory, which holds the image alone or nothing at all.
 *
 * <p>The tar and gzip streams are damaged before they are encrypted, and the bundle around them is
 * then made and signed as a bundler would, so the damage reaches the gunzip and tar stages (only
 * the image digest in the manifest, that of the undamaged tar stream, can tell). A damaged manifest
 * is unbundled without the signature check, so that its damage reaches every stage too.
 */
class TamperedBundleFuzzPropertyTest {

  private static final int IMAGE_SIZE = 64 << 10;
  private static final String HEX = "0123456789abcdef";

  /** The tar streams of the image as GNU tar writes them: old-GNU sparse, PAX sparse, dense. */
  private static final List<List<String>> TAR_FORMATS =
      List.of(
          List.of("-S", "--format=gnu"),
          List.of("-S", "--format=posix", "--sparse-version=1.0"),
          List.of("--format=ustar"));

  private static Path work;
  private static byte[] image;
  private static List<byte[]> tars;

  enum Target {
    MANIFEST,
    TAR,
    GZIP
  }

  enum Damage {
    FLIP_BIT,
    SET_BYTE,
    TRUNCATE,
    INSERT,
    ZERO_RANGE,
    DUPLICATE_BLOCK
  }

  /** Where and how one stream is damaged; positions wrap around the stream's length. */
  record Mutation(Target target, int format, Damage damage, int position, int length, byte value) {}

  @BeforeContainer
  static void makeTheImageAndItsTarStreams() throws IOException {
    work = Files.createTempDirectory("amibundle-fuzz");
    Path file =
        Fixtures.image(
            work.resolve("img"),
            IMAGE_SIZE,
            20,
            new long[][] {{0, 8 << 10}, {40 << 10, 4 << 10}, {(64 << 10) - 100, 100}});
    image = Files.readAllBytes(file);
    tars =
        TAR_FORMATS.stream()
            .map(
                options -> {
                  List<String> command = new java.util.ArrayList<>(List.of("tar", "-c"));
                  command.addAll(options);
                  command.addAll(List.of("-f", "-", "img"));
                  return ExternalTool.run(work, null, command).orFail().stdout();
                })
            .toList();
  }

  @AfterContainer
  static void deleteWorkDirectory() throws IOException {
    try (Stream<Path> files = Files.walk(work)) {
      for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }

  @Property(tries = 150)
  void aDamagedBundle_unbundlesByteExact_orFailsCleanly(@ForAll("mutations") Mutation mutation)
      throws IOException {
    Path attempt = Files.createTempDirectory(work, "try");
    Path bundleDir = Files.createDirectory(attempt.resolve("bundle"));
    Path out = Files.createDirectory(attempt.resolve("out"));
    byte[] tar = tars.get(mutation.format());
    String digest = Digests.hex(Digests.sha1().digest(tar));
    byte[] tarStream = mutation.target() == Target.TAR ? damaged(tar, mutation) : tar;
    byte[] gzip = HandMadeBundle.gzip(tarStream);
    if (mutation.target() == Target.GZIP) {
      gzip = damaged(gzip, mutation);
    }
    Path manifest =
        HandMadeBundle.writeCompressed(
            bundleDir,
            "img",
            gzip,
            digest,
            IMAGE_SIZE,
            Optional.of(Fixtures.credentials().userPrivateKey()));
    UnbundleRequest request =
        UnbundleRequest.of(manifest, Fixtures.userKey(), ImageTarget.directory(out));
    if (mutation.target() == Target.MANIFEST) {
      Files.write(manifest, damaged(Files.readAllBytes(manifest), mutation));
      try {
        request =
            UnbundleRequest.of(manifest, Fixtures.userKey(), ImageTarget.directory(out))
                .withoutSignatureCheck();
      } catch (AmiBundleException e) {
        Statistics.collect(mutation.target(), "manifest refused");
        assertNothingWrittenBut(attempt, bundleDir, out, List.of());
        return;
      }
    }

    List<String> written;
    try {
      UnbundleResult result = new Unbundler().unbundle(request);
      Path restored = result.image().orElseThrow();
      assertEquals(out, restored.getParent(), "the image goes into the destination");
      assertArrayEquals(image, Files.readAllBytes(restored), "a restored image is byte-exact");
      written = List.of(restored.getFileName().toString());
      Statistics.collect(mutation.target(), "byte-exact image");
    } catch (AmiBundleException e) {
      written = List.of();
      Statistics.collect(mutation.target(), e.getClass().getSimpleName());
    } catch (Exception | Error e) {
      throw new AssertionError("not an AmiBundleException for " + mutation + ": " + e, e);
    }
    assertNothingWrittenBut(attempt, bundleDir, out, written);
  }

  /** The try's directory holds the bundle and the destination; the destination {@code names}. */
  private static void assertNothingWrittenBut(
      Path attempt, Path bundleDir, Path out, List<String> names) throws IOException {
    assertEquals(List.of("bundle", "out"), listing(attempt));
    assertEquals(List.of("bundle.manifest.xml", "part.0"), listing(bundleDir));
    assertEquals(names, listing(out), "the destination holds the image or nothing");
  }

  private static List<String> listing(Path directory) throws IOException {
    try (Stream<Path> files = Files.list(directory)) {
      return files.map(path -> path.getFileName().toString()).sorted().toList();
    }
  }

  private static byte[] damaged(byte[] bytes, Mutation m) {
    int at = Math.floorMod(m.position(), bytes.length);
    int length = Math.min(m.length(), bytes.length - at);
    // In a manifest, bytes set or inserted are hex digits: numbers, digests and keys stay
    // well-formed and carry their damage past the reader.
    byte value = m.target() == Target.MANIFEST ? (byte) HEX.charAt(m.value() & 15) : m.value();
    byte[] copy = bytes.clone();
    switch (m.damage()) {
      case FLIP_BIT -> copy[at] ^= (byte) (1 << (m.value() & 7));
      case SET_BYTE -> copy[at] = value;
      case TRUNCATE -> copy = Arrays.copyOf(bytes, at);
      case ZERO_RANGE -> Arrays.fill(copy, at, at + length, (byte) 0);
      case INSERT -> {
        copy = new byte[bytes.length + m.length()];
        System.arraycopy(bytes, 0, copy, 0, at);
        Arrays.fill(copy, at, at + m.length(), value);
        System.arraycopy(bytes, at, copy, at + m.length(), bytes.length - at);
      }
      case DUPLICATE_BLOCK -> {
        int block = at / 512 * 512;
        int size = Math.min(512, bytes.length - block);
        copy = new byte[bytes.length + size];
        System.arraycopy(bytes, 0, copy, 0, block + size);
        System.arraycopy(bytes, block, copy, block + size, bytes.length - block);
      }
      default -> fail("unknown damage " + m.damage());
    }
    return copy;
  }

  @Provide
  Arbitrary<Mutation> mutations() {
    // Tar damage falls mostly on the headers (the first blocks), where parsing happens; gzip and
    // manifest damage anywhere.
    Arbitrary<Integer> positions =
        Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(3, Arbitraries.integers().between(0, 2047)),
            net.jqwik.api.Tuple.of(1, Arbitraries.integers().greaterOrEqual(0)));
    return Combinators.combine(
            Arbitraries.of(Target.class),
            Arbitraries.integers().between(0, TAR_FORMATS.size() - 1),
            Arbitraries.of(Damage.class),
            positions,
            Arbitraries.integers().between(1, 1024),
            Arbitraries.bytes())
        .as(Mutation::new);
  }
}
