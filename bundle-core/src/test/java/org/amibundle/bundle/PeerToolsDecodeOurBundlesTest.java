package org.amibundle.bundle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import org.amibundle.manifest.ImageInfo;
import org.amibundle.manifest.sign.SignedRegion;
import org.amibundle.testing.ExternalTool;
import org.amibundle.testing.TestData;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our bundles open with GNU tools alone, as EC2 and ec2-unbundle open them: openssl pkeyutl for the
 * key, cat | openssl enc -d | gunzip | tar -xS for the image, openssl dgst for the signature.
 */
class PeerToolsDecodeOurBundlesTest {

  private static final long MIB = 1 << 20;

  @TempDir Path work;
  private Path bundleDir;
  private Path image;
  private BundleResult bundle;

  @BeforeEach
  void bundleASparseMultiPartImage() throws IOException {
    bundleDir = Files.createDirectory(work.resolve("bundle"));
    // 40 MiB: 12 MiB of data, a 20 MiB hole, 3 MiB of data, a trailing hole: > 1 part of 10 MiB.
    image =
        Fixtures.image(
            work.resolve("disk.img"),
            40 * MIB,
            7,
            new long[][] {{0, 12 * MIB}, {32 * MIB, 3 * MIB}});
    bundle = new Bundler().bundle(Fixtures.request(image, bundleDir).name("disk").build());
    assertTrue(bundle.partFiles().size() > 1, "expected several parts");
  }

  @Test
  void gnuPipeline_restoresImageAndDigest_withTheUsersKey() throws IOException {
    assertPipelineRestores(TestData.userKey(), "user");
  }

  @Test
  void gnuPipeline_restoresImageAndDigest_withEc2sKey() throws IOException {
    assertPipelineRestores(TestData.ec2Key(), "ec2");
  }

  private void assertPipelineRestores(Path privateKey, String holder) throws IOException {
    ImageInfo info = bundle.manifest().image();
    Path restored = Fixtures.gnuUnbundle(work, info, bundleDir, privateKey, holder.equals("user"));

    Path file = restored.resolve("disk");
    assertEquals(Fixtures.sha256(image), Fixtures.sha256(file));
    assertEquals(
        info.digest().hex(),
        Files.readString(restored.resolve("digest"), StandardCharsets.US_ASCII).trim());
    assertTrue(
        Fixtures.allocatedBytes(file) < 20 * MIB,
        "GNU tar -xS left holes unallocated: " + Fixtures.allocatedBytes(file));
  }

  @Test
  void signature_verifiesWithOpensslOverTheSignedRegion() throws IOException {
    byte[] raw = Files.readAllBytes(bundle.manifestFile());
    Files.write(work.resolve("region"), SignedRegion.of(raw));
    Files.write(work.resolve("sig"), HexFormat.of().parseHex(bundle.manifest().signature()));

    ExternalTool.bash(
        work,
        "openssl x509 -pubkey -noout -in '"
            + TestData.userCert()
            + "' > pub.pem && openssl dgst -sha1 -verify pub.pem -signature sig region");
  }

  @Test
  void parts_areNamedAndSizedAsTheReferenceNamesThem() throws IOException {
    List<Path> parts = bundle.partFiles();
    for (int i = 0; i < parts.size(); i++) {
      assertEquals("disk.part." + i, parts.get(i).getFileName().toString());
      if (i < parts.size() - 1) {
        assertEquals(BundleRequest.DEFAULT_PART_SIZE, Files.size(parts.get(i)));
      }
      assertEquals(
          Fixtures.sha1(parts.get(i)), bundle.manifest().image().parts().get(i).digest().hex());
    }
    long total = 0;
    for (Path part : parts) {
      total += Files.size(part);
    }
    assertEquals(bundle.manifest().image().bundledSize(), total);
    assertEquals(0, total % 16);
    try (var listing = Files.list(bundleDir)) {
      assertEquals(parts.size() + 1, listing.count(), "only parts and the manifest, no leftovers");
    }
  }
}
