package org.amibundle.manifest.sign;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.util.HexFormat;
import org.amibundle.manifest.Manifest;
import org.amibundle.manifest.ManifestFixtures;
import org.amibundle.manifest.ManifestReader;
import org.amibundle.manifest.ManifestWriter;
import org.amibundle.manifest.keys.PemFiles;
import org.amibundle.manifest.keys.Rsa;
import org.amibundle.testing.ExternalTool;
import org.amibundle.testing.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestSignerTest {

  @Test
  void ourSignature_verifiesWithOpensslDgst(@TempDir Path dir) throws Exception {
    PrivateKey key = PemFiles.readPrivateKey(TestData.userKey());
    byte[] region = ManifestWriter.signedRegion(ManifestFixtures.sample());
    Files.write(dir.resolve("region.bin"), region);
    Files.write(
        dir.resolve("sig.bin"), HexFormat.of().parseHex(ManifestSigner.sign(region, key, Rsa.JCE)));
    Files.write(
        dir.resolve("pub.pem"),
        ExternalTool.run(
                dir, "openssl", "x509", "-pubkey", "-noout", "-in", TestData.userCert().toString())
            .orFail()
            .stdout());

    ExternalTool.Result result =
        ExternalTool.run(
                dir,
                "openssl",
                "dgst",
                "-sha1",
                "-verify",
                "pub.pem",
                "-signature",
                "sig.bin",
                "region.bin")
            .orFail();
    assertTrue(result.stdoutText().contains("Verified OK"), result.stdoutText());
  }

  @Test
  void goldenRegion_signsToTheSignatureRubyWrote() throws Exception {
    byte[] raw = Files.readAllBytes(TestData.referenceManifest("opts"));
    Manifest golden = ManifestReader.read(raw).manifest();

    // PKCS#1 v1.5 signatures are deterministic: same key, same bytes, same signature.
    assertEquals(
        golden.signature(),
        ManifestSigner.sign(
            SignedRegion.of(raw), PemFiles.readPrivateKey(TestData.userKey()), Rsa.JCE));
  }

  @Test
  void signAndWrite_reproducesTheGoldenFileFromItsUnsignedManifest() throws Exception {
    byte[] raw = Files.readAllBytes(TestData.referenceManifest("multipart"));
    Manifest unsigned = ManifestReader.read(raw).manifest().withSignature(null);

    assertArrayEquals(
        raw,
        ManifestSigner.signAndWrite(
            unsigned, PemFiles.readPrivateKey(TestData.userKeyPkcs8()), Rsa.JCE));
  }

  @Test
  void signAndWrite_replacesAnOldSignatureAndVerifies() throws Exception {
    PrivateKey key = PemFiles.readPrivateKey(TestData.userKey());
    byte[] signed =
        ManifestSigner.signAndWrite(
            ManifestFixtures.sample().withSignature("0badc0de"), key, Rsa.JCE);

    ManifestVerifier.verify(signed, PemFiles.readCertificate(TestData.userCert()).getPublicKey());
  }
}
