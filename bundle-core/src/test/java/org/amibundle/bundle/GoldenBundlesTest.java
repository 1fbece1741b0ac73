package org.amibundle.bundle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.amibundle.BadInputException;
import org.amibundle.manifest.ManifestReader;
import org.amibundle.manifest.keys.PemFiles;
import org.amibundle.testing.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Bundles the real ec2-ami-tools 1.5.3 wrote unbundle byte-exact (testdata/reference). */
class GoldenBundlesTest {

  @TempDir Path out;

  @ParameterizedTest
  @ValueSource(strings = {"tiny", "multipart", "gptdisk", "opts"})
  void referenceBundle_unbundlesByteExact_withSignatureVerified(String bundle) throws IOException {
    UnbundleResult result = unbundle(bundle, Fixtures.userKey());

    Path image = result.image().orElseThrow();
    assertEquals(expectedSha256().get(bundle + ".img"), Fixtures.sha256(image));
    assertTrue(result.signatureVerified());
    assertEquals(
        ManifestReader.read(TestData.referenceManifest(bundle)).manifest().image().size(),
        Files.size(image));
  }

  @ParameterizedTest
  @ValueSource(strings = {"tiny", "multipart", "gptdisk", "opts"})
  void referenceBundle_isVerifiedByDefault_withThePublicHalfOfTheUsersKey(String bundle)
      throws IOException {
    UnbundleResult result =
        new Unbundler()
            .unbundle(
                UnbundleRequest.of(
                    TestData.referenceManifest(bundle),
                    Fixtures.userKey(),
                    ImageTarget.directory(out)));

    assertEquals(SignatureOutcome.VERIFIED, result.signature());
    assertEquals(List.of(), result.notes(), "ec2-ami-tools names member and manifest alike");
    assertEquals(
        expectedSha256().get(bundle + ".img"), Fixtures.sha256(result.image().orElseThrow()));
  }

  @Test
  void referenceBundle_openedWithEc2sKey_isRefusedByDefault_andNothingIsWritten() {
    BadInputException e =
        assertThrows(
            BadInputException.class,
            () ->
                new Unbundler()
                    .unbundle(
                        UnbundleRequest.of(
                            TestData.referenceManifest("opts"),
                            Fixtures.ec2Key(),
                            ImageTarget.directory(out))));

    assertTrue(e.getMessage().contains("opens only EC2's copy"), e.getMessage());
    assertEquals(0, out.toFile().list().length);
  }

  @Test
  void referenceBundle_opensWithEc2sKeyToo() throws IOException {
    UnbundleResult result = unbundle("opts", Fixtures.ec2Key());

    assertEquals(expectedSha256().get("opts.img"), Fixtures.sha256(result.image().orElseThrow()));
  }

  @Test
  void sparseReferenceBundle_restoresHolesAsHoles() throws IOException {
    Path image = unbundle("multipart", Fixtures.userKey()).image().orElseThrow();

    // 135 MB image with 25 MB of data: the 100 MiB and 5 MiB holes must not be allocated.
    assertEquals(135_100_480L, Files.size(image));
    assertTrue(
        Fixtures.allocatedBytes(image) < 30_000_000L,
        "allocated " + Fixtures.allocatedBytes(image) + " bytes");
  }

  private UnbundleResult unbundle(String bundle, PrivateKey key) throws IOException {
    UnbundleRequest request =
        UnbundleRequest.of(TestData.referenceManifest(bundle), key, ImageTarget.directory(out))
            .verifyingSignatureWith(PemFiles.readCertificate(TestData.userCert()).getPublicKey());
    return new Unbundler().unbundle(request);
  }

  private static Map<String, String> expectedSha256() throws IOException {
    Map<String, String> sums = new HashMap<>();
    for (String line : Files.readAllLines(TestData.root().resolve("reference/images.sha256"))) {
      String[] fields = line.trim().split("\\s+");
      sums.put(fields[1], fields[0]);
    }
    return sums;
  }

  @Test
  void unverifiedRequest_reportsSignatureNotChecked() throws IOException {
    UnbundleResult result =
        new Unbundler()
            .unbundle(
                UnbundleRequest.of(
                        TestData.referenceManifest("tiny"),
                        Fixtures.userKey(),
                        ImageTarget.file(out.resolve("restored.img")))
                    .withoutSignatureCheck());

    assertEquals(Optional.of(out.resolve("restored.img")), result.image());
    assertEquals(false, result.signatureVerified());
    assertEquals(expectedSha256().get("tiny.img"), Fixtures.sha256(out.resolve("restored.img")));
  }
}
