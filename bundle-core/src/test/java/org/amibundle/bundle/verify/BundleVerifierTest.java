package org.amibundle.bundle.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.amibundle.bundle.BundleResult;
import org.amibundle.bundle.Bundler;
import org.amibundle.bundle.Fixtures;
import org.amibundle.bundle.PartBytes;
import org.amibundle.bundle.PartSource;
import org.amibundle.bundle.SignatureCheck;
import org.amibundle.bundle.verify.VerifyReport.Check;
import org.amibundle.manifest.ManifestReader;
import org.amibundle.manifest.keys.PemFiles;
import org.amibundle.testing.TestData;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * verify-bundle's library: clean bundles pass every check; each damage fails the check it names.
 */
class BundleVerifierTest {

  @TempDir Path work;
  private Path manifest;
  private BundleResult bundle;

  @BeforeEach
  void bundleASmallMultiPartImage() throws IOException {
    Path dir = Files.createDirectory(work.resolve("bundle"));
    Path image = Fixtures.denseImage(work.resolve("img"), 300_000, 5);
    bundle =
        new Bundler().bundle(Fixtures.request(image, dir).name("img").partSize(64 * 1024).build());
    manifest = bundle.manifestFile();
    assertTrue(bundle.partFiles().size() >= 4);
  }

  private VerifyReport verify(Path manifestFile, PrivateKey key) throws IOException {
    return new BundleVerifier()
        .verify(
            new VerifyRequest(
                ManifestReader.read(manifestFile),
                PartSource.directory(manifestFile.getParent()),
                SignatureCheck.with(PemFiles.readCertificate(TestData.userCert()).getPublicKey()),
                Optional.ofNullable(key)));
  }

  private VerifyReport verify() throws IOException {
    return verify(manifest, Fixtures.userKey());
  }

  private static List<String> failed(VerifyReport report) {
    return report.failures().stream().map(Check::name).toList();
  }

  private static Check check(VerifyReport report, String name) {
    return report.checks().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
  }

  private String partName(int index) {
    return "part " + bundle.partFiles().get(index).getFileName();
  }

  private void replaceInManifest(String from, String to) throws IOException {
    String raw = Files.readString(manifest, StandardCharsets.UTF_8);
    assertTrue(raw.contains(from), from);
    Files.writeString(manifest, raw.replace(from, to), StandardCharsets.UTF_8);
  }

  @ParameterizedTest
  @ValueSource(strings = {"tiny", "multipart", "gptdisk", "opts"})
  void referenceBundle_passesEveryCheck(String name) throws IOException {
    VerifyReport report = verify(TestData.referenceManifest(name), Fixtures.userKey());

    assertTrue(report.passed(), report.toString());
    int parts =
        ManifestReader.read(TestData.referenceManifest(name)).manifest().image().parts().size();
    assertEquals(parts + 4, report.checks().size(), report.toString());
    assertEquals("signature", report.checks().get(0).name());
    assertEquals("image digest", report.checks().get(report.checks().size() - 1).name());
  }

  @Test
  void withoutAPrivateKey_theImageIsNotDecrypted() throws IOException {
    VerifyReport report = verify(manifest, null);

    assertTrue(report.passed(), report.toString());
    assertTrue(report.checks().stream().noneMatch(c -> c.name().equals("image digest")));
    assertTrue(report.checks().stream().noneMatch(c -> c.name().equals("key")));
  }

  @Test
  void tamperedManifest_failsTheSignatureOnly() throws IOException {
    replaceInManifest("<user>" + Fixtures.ACCOUNT + "</user>", "<user>999988887777</user>");

    assertEquals(List.of("signature"), failed(verify()));
  }

  @Test
  void flippedByteInTwoParts_failsBothPartsByName() throws IOException {
    for (int index : new int[] {1, 3}) {
      Path part = bundle.partFiles().get(index);
      byte[] bytes = Files.readAllBytes(part);
      bytes[10] ^= 0x01;
      Files.write(part, bytes);
    }
    VerifyReport report = verify();

    assertEquals(List.of(partName(1), partName(3), "bundled_size", "image digest"), failed(report));
    assertTrue(check(report, partName(1)).detail().contains("SHA-1"));
    assertTrue(check(report, "image digest").detail().contains("not checked"));
  }

  @Test
  void missingPart_isReportedAndTheOthersStillChecked() throws IOException {
    Files.delete(bundle.partFiles().get(0));
    VerifyReport report = verify();

    assertEquals(List.of(partName(0), "bundled_size", "image digest"), failed(report));
    assertTrue(check(report, partName(0)).detail().contains("missing"));
    assertTrue(check(report, partName(1)).passed());
  }

  @Test
  void truncatedPart_failsItsDigestAndBundledSize() throws IOException {
    Path last = bundle.partFiles().get(bundle.partFiles().size() - 1);
    byte[] bytes = Files.readAllBytes(last);
    Files.write(last, Arrays.copyOf(bytes, bytes.length - 16));

    List<String> failures = failed(verify());
    assertEquals(
        List.of(partName(bundle.partFiles().size() - 1), "bundled_size", "image digest"), failures);
  }

  @Test
  void extraPartListedInTheManifest_isMissingAndBreaksTheSignature() throws IOException {
    int count = bundle.partFiles().size();
    String raw = Files.readString(manifest, StandardCharsets.UTF_8);
    int start = raw.indexOf("<part index='" + (count - 1) + "'>");
    int end = raw.indexOf("</part>", start) + "</part>".length();
    String extra =
        raw.substring(start, end)
            .replace("index='" + (count - 1) + "'", "index='" + count + "'")
            .replace("img.part." + (count - 1), "img.part." + count);
    Files.writeString(
        manifest,
        (raw.substring(0, end) + extra + raw.substring(end))
            .replace("count='" + count + "'", "count='" + (count + 1) + "'"));

    List<String> failures = failed(verify());
    assertEquals(
        List.of("signature", "part img.part." + count, "bundled_size", "image digest"), failures);
  }

  @Test
  void wrongPrivateKey_failsTheKeyCheck() throws IOException, NoSuchAlgorithmException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);

    VerifyReport report = verify(manifest, generator.generateKeyPair().getPrivate());
    assertEquals(List.of("key"), failed(report));
    assertTrue(check(report, "key").detail().contains("private key"));
  }

  @Test
  void tamperedDigest_failsSignatureAndImageDigest() throws IOException {
    String digest = bundle.manifest().image().digest().hex();
    String changed = (digest.charAt(0) == '0' ? "1" : "0") + digest.substring(1);
    replaceInManifest(digest, changed);

    VerifyReport report = verify();
    assertEquals(List.of("signature", "image digest"), failed(report));
    assertTrue(check(report, "image digest").detail().contains(changed));
  }

  @Test
  void partsFromAFetcher_areCheckedOneByOne() throws IOException {
    Path dir = manifest.getParent();
    VerifyReport report =
        new BundleVerifier()
            .verify(
                new VerifyRequest(
                    ManifestReader.read(manifest),
                    PartSource.fetched(
                        (part, buffer) ->
                            PartBytes.of(Files.readAllBytes(dir.resolve(part.filename())))),
                    SignatureCheck.none(),
                    Optional.of(Fixtures.userKey())));

    assertTrue(report.passed(), report.toString());
    assertFalse(report.checks().stream().anyMatch(c -> c.name().equals("signature")));
  }

  /** A verify with a private key from counting fetches, per part file name. */
  private VerifyReport verifyFetched(Map<String, Integer> fetches) throws IOException {
    Path dir = manifest.getParent();
    return new BundleVerifier()
        .verify(
            new VerifyRequest(
                ManifestReader.read(manifest),
                PartSource.fetched(
                    (part, buffer) -> {
                      fetches.merge(part.filename(), 1, Integer::sum);
                      return PartBytes.of(Files.readAllBytes(dir.resolve(part.filename())));
                    }),
                SignatureCheck.none(),
                Optional.of(Fixtures.userKey())));
  }

  @Test
  void withAPrivateKey_eachPartIsFetchedOnce() throws IOException {
    Map<String, Integer> fetches = new ConcurrentHashMap<>();
    VerifyReport report = verifyFetched(fetches);

    assertTrue(report.passed(), report.toString());
    assertEquals(bundle.partFiles().size(), fetches.size(), fetches.toString());
    assertTrue(fetches.values().stream().allMatch(n -> n == 1), fetches.toString());
  }

  @Test
  void damagedPart_stopsTheImageCheck_andTheLaterPartsAreStillFetchedOnceAndChecked()
      throws IOException {
    Path part = bundle.partFiles().get(1);
    byte[] bytes = Files.readAllBytes(part);
    bytes[10] ^= 0x01;
    Files.write(part, bytes);
    Map<String, Integer> fetches = new ConcurrentHashMap<>();
    VerifyReport report = verifyFetched(fetches);

    assertEquals(List.of(partName(1), "bundled_size", "image digest"), failed(report));
    assertTrue(check(report, partName(bundle.partFiles().size() - 1)).passed());
    assertEquals(bundle.partFiles().size(), fetches.size(), fetches.toString());
    assertTrue(fetches.values().stream().allMatch(n -> n == 1), fetches.toString());
  }

  @Test
  void partsInAStream_areRefused() throws IOException {
    var document = ManifestReader.read(manifest);
    var stream = PartSource.concatenated(new ByteArrayInputStream(new byte[0]));
    assertThrows(
        IllegalArgumentException.class,
        () -> new VerifyRequest(document, stream, SignatureCheck.none(), Optional.empty()));
  }
}
