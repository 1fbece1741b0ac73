package org.amibundle.manifest.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import org.amibundle.BadInputException;
import org.amibundle.NotFoundException;
import org.amibundle.testing.ExternalTool;
import org.amibundle.testing.TestData;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PemFilesTest {

  @Test
  void pkcs1AndPkcs8Files_giveTheSameKey() throws Exception {
    PrivateKey pkcs1 = PemFiles.readPrivateKey(TestData.userKey());
    PrivateKey pkcs8 = PemFiles.readPrivateKey(TestData.userKeyPkcs8());

    assertEquals("RSA", pkcs1.getAlgorithm());
    assertEquals(PemFiles.publicKeyOf(pkcs1), PemFiles.publicKeyOf(pkcs8));
  }

  @Test
  void publicKeyOfPrivateKey_isTheCertificatesKey() throws Exception {
    X509Certificate cert = PemFiles.readCertificate(TestData.userCert());

    assertEquals(
        cert.getPublicKey(), PemFiles.publicKeyOf(PemFiles.readPrivateKey(TestData.userKey())));
  }

  @Test
  void encryptedKey_isRejectedSayingHowToDecryptIt(@TempDir Path dir) throws Exception {
    ExternalTool.run(
            dir,
            "openssl",
            "pkcs8",
            "-topk8",
            "-in",
            TestData.userKey().toString(),
            "-out",
            "enc.pem",
            "-passout",
            "pass:secret")
        .orFail();
    ExternalTool.run(
            dir,
            "openssl",
            "rsa",
            "-traditional",
            "-aes128",
            "-in",
            TestData.userKey().toString(),
            "-out",
            "enc-pkcs1.pem",
            "-passout",
            "pass:secret")
        .orFail();

    for (String name : new String[] {"enc.pem", "enc-pkcs1.pem"}) {
      var e =
          assertThrows(BadInputException.class, () -> PemFiles.readPrivateKey(dir.resolve(name)));
      assertTrue(e.getMessage().contains("is encrypted"), e.getMessage());
      assertTrue(
          e.getMessage().contains("openssl rsa") && e.getMessage().contains("openssl pkcs8"),
          e.getMessage());
    }
  }

  @Test
  void certificateGivenAsKey_isRejectedNamingTheFile() {
    var e =
        assertThrows(BadInputException.class, () -> PemFiles.readPrivateKey(TestData.userCert()));
    assertTrue(e.getMessage().contains(TestData.userCert().toString()), e.getMessage());
    assertTrue(e.getMessage().contains("holds no private key"), e.getMessage());
  }

  @Test
  void damagedKey_isRejectedWithoutQuotingIt(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("damaged.pem");
    String pem = Files.readString(TestData.userKey());
    Files.writeString(
        file, pem.substring(0, pem.length() / 2) + "\n-----END RSA PRIVATE KEY-----\n");

    var e = assertThrows(BadInputException.class, () -> PemFiles.readPrivateKey(file));
    assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    assertFalse(
        e.getMessage().contains(pem.lines().skip(1).findFirst().orElseThrow()), e.getMessage());
  }

  @Test
  void keyGivenAsCertificate_isRejectedNamingTheFile() {
    var e =
        assertThrows(BadInputException.class, () -> PemFiles.readCertificate(TestData.userKey()));
    assertTrue(e.getMessage().contains("holds no certificate"), e.getMessage());
  }

  @Test
  void missingFiles_areNotFound(@TempDir Path dir) {
    assertThrows(NotFoundException.class, () -> PemFiles.readPrivateKey(dir.resolve("absent.pem")));
    assertThrows(
        NotFoundException.class, () -> PemFiles.readCertificate(dir.resolve("absent.pem")));
  }

  @Test
  void expiredCertificate_isAccepted(@TempDir Path dir) throws Exception {
    PrivateKey key = PemFiles.readPrivateKey(TestData.userKey());
    Instant now = Instant.now();
    X500Name name = new X500Name("CN=expired");
    var holder =
        new JcaX509v3CertificateBuilder(
                name,
                BigInteger.ONE,
                Date.from(now.minus(3650, ChronoUnit.DAYS)),
                Date.from(now.minus(365, ChronoUnit.DAYS)),
                name,
                PemFiles.publicKeyOf(key))
            .build(new JcaContentSignerBuilder("SHA256withRSA").build(key));
    StringWriter pem = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(pem)) {
      writer.writeObject(holder);
    }
    Path file = dir.resolve("expired.pem");
    Files.writeString(file, pem.toString());

    X509Certificate cert = PemFiles.readCertificate(file);
    assertTrue(cert.getNotAfter().before(new Date()));
    assertEquals(PemFiles.publicKeyOf(key), cert.getPublicKey());
  }
}
