package org.amibundle.manifest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Builders;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.amibundle.manifest.sign.SignedRegion;

/** Random manifests survive write, read, write unchanged. */
class ManifestRoundTripPropertyTest {

  @Property(tries = 300)
  void writeReadWrite_givesIdenticalBytesAndEqualRecords(@ForAll("manifests") Manifest manifest)
      throws Exception {
    byte[] written = ManifestWriter.write(manifest);
    Manifest read = ManifestReader.read(written).manifest();

    assertEquals(manifest, read);
    assertArrayEquals(written, ManifestWriter.write(read));
  }

  @Property(tries = 300)
  void signedRegionOfWrittenBytes_isTheWritersSignedRegion(@ForAll("manifests") Manifest manifest)
      throws Exception {
    assertArrayEquals(
        ManifestWriter.signedRegion(manifest), SignedRegion.of(ManifestWriter.write(manifest)));
  }

  @Provide
  Arbitrary<Manifest> manifests() {
    Arbitrary<BundlingTool> bundler =
        Combinators.combine(text(), text(), text()).as(BundlingTool::new).injectNull(0.2);
    Arbitrary<MachineConfiguration> machine = machineConfiguration().injectNull(0.2);
    return Combinators.combine(
            Arbitraries.of(Manifest.CURRENT_VERSION, "2007-08-29", "20070829", "3"),
            bundler,
            machine,
            image(),
            hex().injectNull(0.3))
        .as(Manifest::new);
  }

  private Arbitrary<MachineConfiguration> machineConfiguration() {
    Arbitrary<List<BlockDeviceMapping>> mappings =
        Combinators.combine(text(), text())
            .as(BlockDeviceMapping::new)
            .list()
            .ofMaxSize(4)
            .uniqueElements(BlockDeviceMapping::virtualName);
    return Combinators.combine(
            text(), mappings, optionalText(), optionalText(), text().list().ofMaxSize(3))
        .as(MachineConfiguration::new);
  }

  private Arbitrary<ImageInfo> image() {
    Arbitrary<WrappedKeys> keys =
        Combinators.combine(
                Arbitraries.of("AES-128-CBC", "aes&<'\""), hex(), hexOrEmpty(), hex(), hexOrEmpty())
            .as(WrappedKeys::new);
    Arbitrary<List<Part>> parts =
        Combinators.combine(
                Arbitraries.strings()
                    .withChars("abz09._-&<>'\" é日")
                    .ofMinLength(1)
                    .ofMaxLength(10)
                    .filter(n -> !n.equals(".") && !n.equals(".."))
                    .list()
                    .ofMaxSize(5),
                digest().list().ofSize(5))
            .as(
                (names, digests) -> {
                  List<Part> list = new ArrayList<>();
                  for (int i = 0; i < names.size(); i++) {
                    list.add(new Part(i, names.get(i), digests.get(i)));
                  }
                  return list;
                });
    return Builders.withBuilder(ImageBuilder::new)
        .use(text())
        .in(ImageBuilder::name)
        .use(text())
        .in(ImageBuilder::user)
        .use(Arbitraries.of("machine", "kernel", "ramdisk"))
        .in(ImageBuilder::type)
        .use(optionalText())
        .in(ImageBuilder::kernelName)
        .use(text().list().ofMaxSize(3))
        .in(ImageBuilder::ancestors)
        .use(digest())
        .in(ImageBuilder::digest)
        .use(Arbitraries.longs().between(0, Long.MAX_VALUE))
        .in(ImageBuilder::size)
        .use(Arbitraries.longs().between(0, Long.MAX_VALUE))
        .in(ImageBuilder::bundledSize)
        .use(keys)
        .in(ImageBuilder::keys)
        .use(parts)
        .in(ImageBuilder::parts)
        .build(ImageBuilder::build);
  }

  private static Arbitrary<Digest> digest() {
    return Combinators.combine(Arbitraries.of("SHA1", "SHA256"), hex())
        .as(Digest::new)
        .filter(d -> !d.hex().isEmpty());
  }

  private static Arbitrary<String> hexOrEmpty() {
    return Arbitraries.oneOf(hex(), Arbitraries.just(""));
  }

  private static Arbitrary<String> hex() {
    return Arbitraries.strings().withChars("0123456789abcdefABCDEF").ofMinLength(1).ofMaxLength(64);
  }

  /** Text with everything XML must escape, spaces, tabs, newlines and non-ASCII. */
  private static Arbitrary<String> text() {
    return Combinators.combine(
            Arbitraries.strings().withChars("aZ09-_./&<>\"' \t\néü€日本").ofMaxLength(12),
            Arbitraries.of("", "😀", "𝄞x"))
        .as(String::concat);
  }

  private static Arbitrary<Optional<String>> optionalText() {
    return text().optional();
  }

  private static final class ImageBuilder {
    private String name;
    private String user;
    private String type;
    private Optional<String> kernelName;
    private List<String> ancestors;
    private Digest digest;
    private long size;
    private long bundledSize;
    private WrappedKeys keys;
    private List<Part> parts;

    ImageBuilder name(String v) {
      name = v;
      return this;
    }

    ImageBuilder user(String v) {
      user = v;
      return this;
    }

    ImageBuilder type(String v) {
      type = v;
      return this;
    }

    ImageBuilder kernelName(Optional<String> v) {
      kernelName = v;
      return this;
    }

    ImageBuilder ancestors(List<String> v) {
      ancestors = v;
      return this;
    }

    ImageBuilder digest(Digest v) {
      digest = v;
      return this;
    }

    ImageBuilder size(long v) {
      size = v;
      return this;
    }

    ImageBuilder bundledSize(long v) {
      bundledSize = v;
      return this;
    }

    ImageBuilder keys(WrappedKeys v) {
      keys = v;
      return this;
    }

    ImageBuilder parts(List<Part> v) {
      parts = v;
      return this;
    }

    ImageInfo build() {
      return new ImageInfo(
          name, user, type, kernelName, ancestors, digest, size, bundledSize, keys, parts);
    }
  }
}
