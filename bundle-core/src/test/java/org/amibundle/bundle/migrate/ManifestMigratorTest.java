package org.amibundle.bundle.migrate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.amibundle.BadInputException;
import org.amibundle.IntegrityException;
import org.amibundle.bundle.Fixtures;
import org.amibundle.bundle.ImageTarget;
import org.amibundle.bundle.UnbundleRequest;
import org.amibundle.bundle.UnbundleResult;
import org.amibundle.bundle.Unbundler;
import org.amibundle.manifest.Manifest;
import org.amibundle.manifest.ManifestReader;
import org.amibundle.manifest.WrappedKeys;
import org.amibundle.manifest.keys.KeyWrap;
import org.amibundle.manifest.keys.PemFiles;
import org.amibundle.manifest.keys.Rsa;
import org.amibundle.manifest.sign.ManifestVerifier;
import org.amibundle.testing.TestData;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** migrate-manifest's library, on copies of the golden bundles and a fresh target EC2 key pair. */
class ManifestMigratorTest {

  @TempDir Path work;

  /** Copies a golden bundle into the temporary folder; returns its manifest. */
  private Path copyOf(String name) throws IOException {
    Path dir = Files.createDirectory(work.resolve(name));
    try (Stream<Path> files = Files.list(TestData.reference(name))) {
      for (Path file : files.toList()) {
        Files.copy(file, dir.resolve(file.getFileName()));
      }
    }
    return dir.resolve(TestData.referenceManifest(name).getFileName());
  }

  private static PublicKey userCertKey() throws IOException {
    return PemFiles.readCertificate(TestData.userCert()).getPublicKey();
  }

  /** A new RSA key pair and self-signed certificate, written as PEM: the target region's EC2. */
  private Path[] targetEc2() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    KeyPair pair = generator.generateKeyPair();
    X500Name name = new X500Name("CN=target-ec2");
    Instant now = Instant.now();
    var holder =
        new JcaX509v3CertificateBuilder(
                name,
                BigInteger.TWO,
                Date.from(now.minus(1, ChronoUnit.DAYS)),
                Date.from(now.plus(365, ChronoUnit.DAYS)),
                name,
                pair.getPublic())
            .build(new JcaContentSignerBuilder("SHA256withRSA").build(pair.getPrivate()));
    Path cert = work.resolve("target-ec2-cert.pem");
    Path key = work.resolve("target-ec2-key.pem");
    writePem(cert, holder);
    writePem(key, pair.getPrivate());
    return new Path[] {cert, key};
  }

  private static void writePem(Path file, Object object) throws IOException {
    StringWriter pem = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(pem)) {
      writer.writeObject(object);
    }
    Files.writeString(file, pem.toString());
  }

  private static MigrationRequest request(
      Path manifest, Path ec2Cert, IdMapping mapping, Optional<String> kernel) throws IOException {
    return new MigrationRequest(
        manifest,
        userCertKey(),
        Fixtures.userKey(),
        PemFiles.readCertificate(ec2Cert).getPublicKey(),
        mapping,
        kernel,
        Optional.empty());
  }

  @Test
  void migratedManifest_opensWithTheNewEc2KeyOnly_andStillUnbundlesByteExact() throws Exception {
    Path manifest = copyOf("multipart");
    byte[] original = Files.readAllBytes(manifest);
    Path[] ec2 = targetEc2();

    MigrationResult result =
        new ManifestMigrator()
            .migrate(request(manifest, ec2[0], IdMapping.keep(), Optional.empty()));

    assertArrayEquals(original, Files.readAllBytes(result.backup()));
    byte[] migrated = Files.readAllBytes(manifest);
    ManifestVerifier.verify(migrated, userCertKey());
    WrappedKeys keys = ManifestReader.read(migrated).manifest().image().keys();
    WrappedKeys oldKeys = ManifestReader.read(original).manifest().image().keys();
    assertEquals(oldKeys.userEncryptedKey(), keys.userEncryptedKey());
    assertEquals(oldKeys.userEncryptedIv(), keys.userEncryptedIv());
    var newEc2Key = PemFiles.readPrivateKey(ec2[1]);
    assertArrayEquals(
        KeyWrap.unwrap(keys.userEncryptedKey(), Fixtures.userKey(), Rsa.JCE).revealHex().getBytes(),
        KeyWrap.unwrap(keys.ec2EncryptedKey(), newEc2Key, Rsa.JCE).revealHex().getBytes());
    assertArrayEquals(
        KeyWrap.unwrap(keys.userEncryptedIv(), Fixtures.userKey(), Rsa.JCE).revealHex().getBytes(),
        KeyWrap.unwrap(keys.ec2EncryptedIv(), newEc2Key, Rsa.JCE).revealHex().getBytes());
    assertThrows(
        BadInputException.class,
        () -> KeyWrap.unwrap(keys.ec2EncryptedKey(), Fixtures.ec2Key(), Rsa.JCE));

    Path out = Files.createDirectory(work.resolve("out"));
    UnbundleResult restored =
        new Unbundler()
            .unbundle(
                UnbundleRequest.of(manifest, newEc2Key, ImageTarget.directory(out))
                    .verifyingSignatureWith(userCertKey()));
    assertEquals(
        "123b5075ddde1abcb2ff60fba1c918b673bbdd8a575246f6d0d2bb375a598ab1",
        Fixtures.sha256(restored.image().orElseThrow()));
    assertThrows(
        BadInputException.class,
        () ->
            new Unbundler()
                .unbundle(
                    UnbundleRequest.of(manifest, Fixtures.ec2Key(), ImageTarget.directory(out))));
  }

  @Test
  void kernelAndRamdisk_areMappedOrOverridden_restKeptVerbatim() throws Exception {
    Path manifest = copyOf("opts");
    Manifest before = ManifestReader.read(manifest).manifest();
    assertEquals(Optional.of("aki-88aa75e1"), before.machineConfiguration().kernelId());
    Path mappings = work.resolve("mappings.csv");
    Files.writeString(
        mappings,
        "# region,source,target\n"
            + "eu-west-1,aki-88aa75e1,aki-00000001\n"
            + "eu-west-1,ari-a51cf9cc,ari-00000002\n"
            + "us-west-2,ari-a51cf9cc,ari-99999999\n\n",
        StandardCharsets.UTF_8);

    MigrationResult result =
        new ManifestMigrator()
            .migrate(
                new MigrationRequest(
                    manifest,
                    userCertKey(),
                    Fixtures.userKey(),
                    userCertKey(),
                    IdMapping.fromCsv(mappings, "eu-west-1"),
                    Optional.empty(),
                    Optional.of("ari-12345678")));

    Manifest after = ManifestReader.read(manifest).manifest();
    assertEquals(Optional.of("aki-00000001"), after.machineConfiguration().kernelId());
    assertEquals(Optional.of("ari-12345678"), after.machineConfiguration().ramdiskId());
    assertEquals(result.kernelId(), after.machineConfiguration().kernelId());
    assertEquals(
        before.machineConfiguration().blockDeviceMappings(),
        after.machineConfiguration().blockDeviceMappings());
    assertEquals(
        before.machineConfiguration().productCodes(), after.machineConfiguration().productCodes());
    assertEquals(before.image().parts(), after.image().parts());
    assertEquals(before.image().digest(), after.image().digest());
    assertEquals(before.bundler(), after.bundler());
  }

  @Test
  void unmappedKernel_isRefusedNamingIt_andNothingIsWritten() throws Exception {
    Path manifest = copyOf("opts");
    byte[] original = Files.readAllBytes(manifest);

    BadInputException failure =
        assertThrows(
            BadInputException.class,
            () ->
                new ManifestMigrator()
                    .migrate(
                        request(manifest, TestData.ec2Cert(), IdMapping.none(), Optional.empty())));

    assertTrue(failure.getMessage().contains("aki-88aa75e1"), failure.getMessage());
    assertArrayEquals(original, Files.readAllBytes(manifest));
    assertEquals(List.of(manifest.getFileName().toString(), "opts.img.part.0"), listing(manifest));
  }

  @Test
  void tamperedManifest_isRefusedBeforeAnythingIsWritten() throws Exception {
    Path manifest = copyOf("tiny");
    String raw = Files.readString(manifest, StandardCharsets.UTF_8);
    Files.writeString(
        manifest,
        raw.replace("<architecture>x86_64<", "<architecture>i386<"),
        StandardCharsets.UTF_8);
    byte[] tampered = Files.readAllBytes(manifest);
    assertFalse(raw.equals(new String(tampered, StandardCharsets.UTF_8)));

    assertThrows(
        IntegrityException.class,
        () ->
            new ManifestMigrator()
                .migrate(
                    request(manifest, TestData.ec2Cert(), IdMapping.keep(), Optional.empty())));

    assertArrayEquals(tampered, Files.readAllBytes(manifest));
    assertEquals(List.of(manifest.getFileName().toString(), "tiny.img.part.0"), listing(manifest));
  }

  @Test
  void existingBackup_isRefused_andLeftAlone() throws Exception {
    Path manifest = copyOf("tiny");
    byte[] original = Files.readAllBytes(manifest);
    Path backup = manifest.resolveSibling(manifest.getFileName() + ".bak");
    Files.writeString(backup, "older backup");

    IllegalArgumentException failure =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new ManifestMigrator()
                    .migrate(
                        request(manifest, TestData.ec2Cert(), IdMapping.keep(), Optional.empty())));

    assertTrue(failure.getMessage().contains(".bak"), failure.getMessage());
    assertEquals("older backup", Files.readString(backup));
    assertArrayEquals(original, Files.readAllBytes(manifest));
  }

  @Test
  void mappingFile_withAMalformedLineOrTwoTargets_isRefusedNamingTheLine() throws IOException {
    Path file = work.resolve("bad.csv");
    Files.writeString(file, "eu-west-1,aki-1\n");
    BadInputException malformed =
        assertThrows(BadInputException.class, () -> IdMapping.fromCsv(file, "eu-west-1"));
    assertTrue(malformed.getMessage().contains("line 1"), malformed.getMessage());

    Files.writeString(file, "eu-west-1,aki-1,aki-2\n#\neu-west-1,aki-1,aki-3\n");
    BadInputException twice =
        assertThrows(BadInputException.class, () -> IdMapping.fromCsv(file, "eu-west-1"));
    assertTrue(twice.getMessage().contains("line 3"), twice.getMessage());
    assertEquals(Optional.empty(), IdMapping.fromCsv(file, "us-east-1").target("aki-1"));
  }

  private static List<String> listing(Path manifest) throws IOException {
    try (Stream<Path> files = Files.list(manifest.getParent())) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
