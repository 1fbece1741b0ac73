package org.amibundle.manifest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Optional;
import org.amibundle.testing.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The manifests ec2-ami-tools wrote for the golden bundles. */
class GoldenManifestTest {

  private static Manifest golden(String bundle) throws IOException {
    return ManifestReader.read(TestData.referenceManifest(bundle)).manifest();
  }

  @ParameterizedTest
  @ValueSource(strings = {"tiny", "multipart", "gptdisk", "opts"})
  void rewrite_isByteForByteTheRubyFile(String bundle) throws IOException {
    byte[] raw = Files.readAllBytes(TestData.referenceManifest(bundle));

    assertArrayEquals(raw, ManifestWriter.write(ManifestReader.read(raw).manifest()));
  }

  @ParameterizedTest
  @ValueSource(strings = {"tiny", "multipart", "gptdisk", "opts"})
  void commonFields_areReadAsRubyWroteThem(String bundle) throws IOException {
    Manifest manifest = golden(bundle);

    assertEquals("2007-10-10", manifest.version());
    assertEquals(new BundlingTool("ec2-ami-tools", "1.5", "3"), manifest.bundler());
    assertEquals("x86_64", manifest.machineConfiguration().architecture());
    assertEquals("111122223333", manifest.image().user());
    assertEquals("machine", manifest.image().type());
    assertEquals("SHA1", manifest.image().digest().algorithm());
    assertEquals("AES-128-CBC", manifest.image().keys().cipherAlgorithm());
    assertEquals(512, manifest.image().keys().userEncryptedKey().length());
    assertEquals(512, manifest.image().keys().ec2EncryptedIv().length());
    assertEquals(512, manifest.signature().length());
    assertTrue(manifest.image().ancestorAmiIds().isEmpty());
    assertEquals(Optional.empty(), manifest.image().kernelName());
  }

  @Test
  void tiny_hasOnePartAndTheTarDigest() throws IOException {
    ImageInfo image = golden("tiny").image();

    assertEquals("tiny.img", image.name());
    assertTrue(image.digest().matches("7B8F974A5C60EF30D06C26A48BFAB5338D39B6B5"));
    assertEquals(1_048_576, image.size());
    assertEquals(1_048_960, image.bundledSize());
    assertEquals(
        List.of(
            new Part(
                0,
                "tiny.img.part.0",
                new Digest("SHA1", "545b0d871cc2170fcd36cf1e11b031a294ad15bc"))),
        image.parts());
  }

  @Test
  void multipart_hasThreePartsInIndexOrder() throws IOException {
    ImageInfo image = golden("multipart").image();

    assertEquals("image", image.name());
    assertEquals(135_100_480, image.size());
    assertEquals(25_004_192, image.bundledSize());
    assertEquals(
        List.of("image.part.0", "image.part.1", "image.part.2"),
        image.parts().stream().map(Part::filename).toList());
    assertEquals("c3d81d95d82c0a7d21982a022af192cd9c39d395", image.parts().get(2).digest().hex());
  }

  @Test
  void gptdisk_hasNoOptionalMachineFields() throws IOException {
    Manifest manifest = golden("gptdisk");

    assertEquals(33_554_432, manifest.image().size());
    assertEquals(List.of(), manifest.machineConfiguration().blockDeviceMappings());
    assertEquals(Optional.empty(), manifest.machineConfiguration().kernelId());
    assertEquals(Optional.empty(), manifest.machineConfiguration().ramdiskId());
    assertEquals(List.of(), manifest.machineConfiguration().productCodes());
  }

  @Test
  void opts_hasEveryOptionalMachineField() throws IOException {
    MachineConfiguration machine = golden("opts").machineConfiguration();

    assertEquals(Optional.of("aki-88aa75e1"), machine.kernelId());
    assertEquals(Optional.of("ari-a51cf9cc"), machine.ramdiskId());
    assertEquals(
        List.of(
            new BlockDeviceMapping("ami", "sda1"),
            new BlockDeviceMapping("ephemeral0", "sdb"),
            new BlockDeviceMapping("root", "/dev/sda1")),
        machine.blockDeviceMappings());
    assertEquals(List.of("6FF7A1E9"), machine.productCodes());
  }

  @Test
  void unsignedRewrite_endsWithImageAndManifest() throws IOException {
    byte[] bytes = ManifestWriter.write(golden("tiny").withSignature(null));
    String unsigned = new String(bytes, StandardCharsets.UTF_8);

    assertTrue(unsigned.endsWith("</parts></image></manifest>"), unsigned);
    assertNull(ManifestReader.read(bytes).manifest().signature());
  }
}
