package org.amibundle.bundle;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;

/** bundle → unbundle is the identity, whatever the size, hole layout, name and part size. */
class BundleRoundTripPropertyTest {

  private static final long TEN_MIB = 10L << 20;

  private Path work;

  @BeforeProperty
  void createWorkDirectory() throws IOException {
    work = Files.createTempDirectory("amibundle-roundtrip");
  }

  @AfterProperty
  void deleteWorkDirectory() throws IOException {
    try (Stream<Path> files = Files.walk(work)) {
      for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }

  record Layout(long size, long[][] dataRuns) {}

  @Property(tries = 30)
  void bundleThenUnbundle_isTheIdentity(
      @ForAll("layouts") Layout layout,
      @ForAll("prefixes") String prefix,
      @ForAll("partSizes") long partSize,
      @ForAll long seed)
      throws IOException {
    Path dir = Files.createTempDirectory(work, "case");
    Path image = Fixtures.image(dir.resolve("image"), layout.size(), seed, layout.dataRuns());
    Path bundleDir = Files.createDirectory(dir.resolve("bundle"));
    Path out = Files.createDirectory(dir.resolve("out"));

    BundleResult bundle =
        new Bundler()
            .bundle(Fixtures.request(image, bundleDir).name(prefix).partSize(partSize).build());
    UnbundleResult result =
        new Unbundler()
            .unbundle(
                UnbundleRequest.of(
                        bundle.manifestFile(), Fixtures.userKey(), ImageTarget.directory(out))
                    .verifyingSignatureWith(
                        Fixtures.credentials().userCertificate().getPublicKey()));

    Path restored = result.image().orElseThrow();
    assertEquals(out.resolve(prefix), restored);
    assertEquals(layout.size(), Files.size(restored));
    assertEquals(Fixtures.sha256(image), Fixtures.sha256(restored));
  }

  @Provide
  Arbitrary<Layout> layouts() {
    Arbitrary<Long> sizes =
        Arbitraries.oneOf(
            Arbitraries.of(0L, 1L, 511L, 512L, 513L, 4096L, TEN_MIB - 1, TEN_MIB, TEN_MIB + 1),
            Arbitraries.longs().between(0, 3L << 20));
    return sizes.flatMap(
        size ->
            Arbitraries.longs()
                .between(0, Math.max(0, size - 1))
                .list()
                .ofMaxSize(8)
                .map(cuts -> layout(size, cuts)));
  }

  /** Alternating data and hole runs between sorted cut points, starting with data or a hole. */
  private static Layout layout(long size, List<Long> cuts) {
    List<Long> points = new ArrayList<>(cuts.stream().distinct().sorted().toList());
    points.add(0, 0L);
    points.add(size);
    List<long[]> runs = new ArrayList<>();
    boolean data = cuts.size() % 2 == 0;
    for (int i = 0; i + 1 < points.size(); i++) {
      long length = points.get(i + 1) - points.get(i);
      if (data && length > 0) {
        runs.add(new long[] {points.get(i), length});
      }
      data = !data;
    }
    return new Layout(size, runs.toArray(new long[0][]));
  }

  @Provide
  Arbitrary<String> prefixes() {
    return Combinators.combine(
            Arbitraries.strings()
                .withCharRange('a', 'z')
                .withCharRange('0', '9')
                .ofMinLength(1)
                .ofMaxLength(20),
            Arbitraries.of("", ".img", "-disk", "_v2", ".raw"))
        .as((base, suffix) -> base + suffix);
  }

  @Provide
  Arbitrary<Long> partSizes() {
    return Arbitraries.of(16L * 1024, 1L << 20, TEN_MIB);
  }
}
