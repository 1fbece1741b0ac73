package org.amibundle.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.amibundle.manifest.MachineConfiguration;
import org.amibundle.manifest.ManifestReader;
import org.amibundle.manifest.WrappedKeys;
import org.amibundle.manifest.keys.KeyWrap;
import org.amibundle.manifest.keys.PemFiles;
import org.amibundle.manifest.keys.Rsa;
import org.amibundle.testing.TestData;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * migrate-manifest on a copy of the opts golden bundle (kernel aki-88aa75e1, ramdisk ari-a51cf9cc),
 * with the user's certificate standing in for the target region's EC2 certificate.
 */
class MigrateManifestCommandTest {

  @TempDir Path work;
  private Path manifest;
  private byte[] original;

  @BeforeEach
  void copyTheOptsBundle() throws Exception {
    Path dir = Files.createDirectory(work.resolve("opts"));
    try (Stream<Path> files = Files.list(TestData.reference("opts"))) {
      for (Path file : files.toList()) {
        Files.copy(file, dir.resolve(file.getFileName()));
      }
    }
    manifest = dir.resolve("opts.img.manifest.xml");
    original = Files.readAllBytes(manifest);
  }

  private CliRun migrate(String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "migrate-manifest",
                "-c",
                TestData.userCert().toString(),
                "-k",
                TestData.userKey().toString(),
                "-m",
                manifest.toString(),
                "--ec2cert",
                TestData.userCert().toString()));
    args.addAll(List.of(more));
    return CliRun.of(args.toArray(String[]::new));
  }

  private Path backup() {
    return manifest.resolveSibling("opts.img.manifest.xml.bak");
  }

  @Test
  void withAMappingFile_idsAreMapped_keyReEncrypted_andTheBundleStillVerifies() throws Exception {
    Path mappings = work.resolve("mappings.csv");
    Files.writeString(
        mappings,
        "eu-west-1,aki-88aa75e1,aki-11111111\n" + "eu-west-1, ari-a51cf9cc ,ari-22222222\n",
        StandardCharsets.UTF_8);

    CliRun run = migrate("--mapping-file", mappings.toString(), "--region", "eu-west-1");

    assertEquals(0, run.exitCode(), run.toString());
    assertTrue(run.out().contains("It is now suitable for use in eu-west-1."), run.out());
    assertArrayEquals(original, Files.readAllBytes(backup()));
    var migrated = ManifestReader.read(manifest).manifest();
    MachineConfiguration config = migrated.machineConfiguration();
    assertEquals("aki-11111111", config.kernelId().orElseThrow());
    assertEquals("ari-22222222", config.ramdiskId().orElseThrow());
    WrappedKeys keys = migrated.image().keys();
    var userKey = PemFiles.readPrivateKey(TestData.userKey());
    assertEquals(
        KeyWrap.unwrap(keys.userEncryptedKey(), userKey, Rsa.JCE).revealHex(),
        KeyWrap.unwrap(keys.ec2EncryptedKey(), userKey, Rsa.JCE).revealHex());

    CliRun verify =
        CliRun.of(
            "verify-bundle",
            "-m",
            manifest.toString(),
            "-c",
            TestData.userCert().toString(),
            "-k",
            TestData.userKey().toString());
    assertEquals(0, verify.exitCode(), verify.toString());
  }

  @Test
  void json_namesTheManifestAndItsBackup() throws Exception {
    CliRun run = migrate("--kernel", "aki-11111111", "--ramdisk", "ari-22222222", "--json");

    assertEquals(0, run.exitCode(), run.toString());
    JsonNode json = run.json();
    assertEquals(manifest.toString(), json.get("manifest").asText());
    assertEquals(backup().toString(), json.get("backup").asText());
    assertArrayEquals(original, Files.readAllBytes(Path.of(json.get("backup").asText())));
  }

  @Test
  void givenIds_withNoMapping_replaceTheOldOnes() throws Exception {
    CliRun run = migrate("--no-mapping", "--kernel", "aki-12345678");

    assertEquals(0, run.exitCode(), run.toString());
    MachineConfiguration config = ManifestReader.read(manifest).manifest().machineConfiguration();
    assertEquals("aki-12345678", config.kernelId().orElseThrow());
    assertEquals("ari-a51cf9cc", config.ramdiskId().orElseThrow());
  }

  @Test
  void noMappingSource_exits6_sayingWhatToPass_andWritesNothing() throws Exception {
    CliRun run = migrate("--region", "eu-west-1");

    assertEquals(6, run.exitCode(), run.toString());
    assertTrue(run.stderr().contains("aki-88aa75e1"), run.stderr());
    assertTrue(run.stderr().contains("--mapping-file"), run.stderr());
    assertArrayEquals(original, Files.readAllBytes(manifest));
    assertFalse(Files.exists(backup()));
  }

  @Test
  void existingBackup_exits2() throws Exception {
    Files.writeString(backup(), "x");

    CliRun run = migrate("--no-mapping");

    assertEquals(2, run.exitCode(), run.toString());
    assertArrayEquals(original, Files.readAllBytes(manifest));
  }

  @Test
  void tamperedManifest_exits254_andWritesNothing() throws Exception {
    String raw = new String(original, StandardCharsets.UTF_8);
    Files.writeString(manifest, raw.replace("6FF7A1E9", "6FF7A1EA"), StandardCharsets.UTF_8);

    CliRun run = migrate("--no-mapping");

    assertEquals(254, run.exitCode(), run.toString());
    assertTrue(run.stderr().contains("signature"), run.stderr());
    assertFalse(Files.exists(backup()));
  }

  @Test
  void mappingFileWithoutRegion_orWithNoMapping_exits1() {
    assertEquals(1, migrate("--mapping-file", "m.csv").exitCode());
    assertEquals(1, migrate("--mapping-file", "m.csv", "--no-mapping").exitCode());
    assertEquals(1, CliRun.of("migrate-manifest", "-m", manifest.toString()).exitCode());
  }
}
