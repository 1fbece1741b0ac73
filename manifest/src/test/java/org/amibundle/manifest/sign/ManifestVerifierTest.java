package org.amibundle.manifest.sign;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.HexFormat;
import org.amibundle.BadInputException;
import org.amibundle.IntegrityException;
import org.amibundle.manifest.ManifestFixtures;
import org.amibundle.manifest.keys.PemFiles;
import org.amibundle.testing.ExternalTool;
import org.amibundle.testing.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ManifestVerifierTest {

  private static final String MISMATCH =
      "manifest signature does not verify with the given certificate: the manifest was changed"
          + " after signing, or it was signed with another key";

  private static PublicKey userCert() throws Exception {
    return PemFiles.readCertificate(TestData.userCert()).getPublicKey();
  }

  private static String golden(String bundle) throws Exception {
    return Files.readString(TestData.referenceManifest(bundle), StandardCharsets.UTF_8);
  }

  private static void verify(String xml) throws Exception {
    ManifestVerifier.verify(xml.getBytes(StandardCharsets.UTF_8), userCert());
  }

  @ParameterizedTest
  @ValueSource(strings = {"tiny", "multipart", "gptdisk", "opts"})
  void goldenManifest_verifiesWithTheUserCertificate(String bundle) throws Exception {
    assertDoesNotThrow(() -> verify(golden(bundle)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"tiny", "multipart", "gptdisk", "opts"})
  void goldenManifest_failsWithTheEc2Certificate(String bundle) throws Exception {
    PublicKey ec2 = PemFiles.readCertificate(TestData.ec2Cert()).getPublicKey();
    byte[] raw = golden(bundle).getBytes(StandardCharsets.UTF_8);

    var e = assertThrows(IntegrityException.class, () -> ManifestVerifier.verify(raw, ec2));
    assertEquals(MISMATCH, e.getMessage());
  }

  @Test
  void eucaManifestSignedByOpensslOverItsRawRegion_verifies(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("region.bin"), ManifestFixtures.eucaRegion());
    ExternalTool.run(
            dir,
            "openssl",
            "dgst",
            "-sha1",
            "-sign",
            TestData.userKey().toString(),
            "-out",
            "sig.bin",
            "region.bin")
        .orFail();
    String signature = HexFormat.of().formatHex(Files.readAllBytes(dir.resolve("sig.bin")));

    assertDoesNotThrow(() -> verify(ManifestFixtures.euca(signature)));
  }

  /**
   * A character reference to a control character the manifest writer refuses (carriage return)
   * still verifies, and a forged copy of such a manifest still fails: the signed content is then
   * compared field by field instead of as the writer renders it.
   */
  @Test
  void controlCharacterReferenceInTheSignedRegion_verifies_andAForgedCopyFails(@TempDir Path dir)
      throws Exception {
    String region =
        ManifestFixtures.eucaRegion()
            .replace("<name>euca.img</name>", "<name>euca&#13;.img</name>");
    Files.writeString(dir.resolve("region.bin"), region);
    ExternalTool.run(
            dir,
            "openssl",
            "dgst",
            "-sha1",
            "-sign",
            TestData.userKey().toString(),
            "-out",
            "sig.bin",
            "region.bin")
        .orFail();
    String signature = HexFormat.of().formatHex(Files.readAllBytes(dir.resolve("sig.bin")));
    String xml = ManifestFixtures.euca(signature).replace(ManifestFixtures.eucaRegion(), region);
    String forged = xml.replace(region, "<!--" + region + "-->" + region.replace("4096", "999"));

    assertDoesNotThrow(() -> verify(xml));
    var e = assertThrows(IntegrityException.class, () -> verify(forged));
    assertTrue(e.getMessage().contains("covers other content"), e.getMessage());
  }

  @Test
  void upperCaseSignatureHex_verifies() throws Exception {
    String xml = golden("tiny");
    int start = xml.indexOf("<signature>") + "<signature>".length();
    int end = xml.indexOf("</signature>");
    String upper =
        xml.substring(0, start) + xml.substring(start, end).toUpperCase() + xml.substring(end);

    assertDoesNotThrow(() -> verify(upper));
  }

  @Test
  void oneDigitOfImageSizeChanged_failsIntegrity() throws Exception {
    String tampered = golden("tiny").replace("<size>1048576</size>", "<size>1048577</size>");

    var e = assertThrows(IntegrityException.class, () -> verify(tampered));
    assertEquals(MISMATCH, e.getMessage());
  }

  @Test
  void oneDigitOfPartDigestChanged_failsIntegrity() throws Exception {
    String tampered = golden("multipart").replace("6755bcfd0d5f", "6755bcfd0d5e");

    assertThrows(IntegrityException.class, () -> verify(tampered));
  }

  @Test
  void truncatedSignature_failsIntegrity() throws Exception {
    String tampered = golden("tiny").replaceFirst("[0-9a-f]{2}</signature>", "</signature>");

    assertThrows(IntegrityException.class, () -> verify(tampered));
  }

  @Test
  void removedSignature_isBadInputSayingItWasNeverSigned() throws Exception {
    String unsigned = golden("tiny").replaceFirst("<signature>.*</signature>", "");

    var e = assertThrows(BadInputException.class, () -> verify(unsigned));
    assertTrue(e.getMessage().contains("no signature element"), e.getMessage());
  }

  @Test
  void eucaUnsignedMarker_isBadInput() {
    var e = assertThrows(BadInputException.class, () -> verify(ManifestFixtures.euca("UNSIGNED")));
    assertTrue(e.getMessage().contains("'UNSIGNED'"), e.getMessage());
  }

  @Test
  void nonHexSignature_isBadInput() throws Exception {
    String xml = golden("tiny").replaceFirst("<signature>[0-9a-f]{4}", "<signature>zz12");

    var e = assertThrows(BadInputException.class, () -> verify(xml));
    assertTrue(e.getMessage().contains("hex digits"), e.getMessage());
  }

  @Test
  void signedRegionHiddenInACommentBeforeOtherContent_failsIntegrity() throws Exception {
    String xml = golden("tiny");
    int start = xml.indexOf("<machine_configuration>");
    int end = xml.indexOf("<signature>");
    String signed = xml.substring(start, end);
    String forged = signed.replace("<size>1048576</size>", "<size>999</size>");
    String wrapped =
        xml.substring(0, start) + "<!--" + signed + "-->" + forged + xml.substring(end);

    var e = assertThrows(IntegrityException.class, () -> verify(wrapped));
    assertTrue(e.getMessage().contains("covers other content"), e.getMessage());
  }
}
