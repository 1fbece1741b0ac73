package org.amibundle.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.amibundle.manifest.ImageInfo;
import org.amibundle.manifest.ManifestReader;
import org.amibundle.testing.TestData;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * --json, --quiet and the progress line, on real bundles: the JSON read back with Jackson and held
 * against the files written; --quiet silent on success, errors still shown; progress only on a
 * console without --batch or --quiet.
 */
class OutputOptionsTest {

  private static final int IMAGE_SIZE = 12_000_000;

  @TempDir Path work;
  private Path image;
  private byte[] imageBytes;
  private Path bundleDir;
  private Path manifest;

  @BeforeEach
  void setUp() throws IOException {
    imageBytes = new byte[IMAGE_SIZE];
    new Random(18).nextBytes(imageBytes);
    image = Files.write(work.resolve("web.img"), imageBytes);
    bundleDir = Files.createDirectory(work.resolve("bundle"));
    manifest = bundleDir.resolve("web.img.manifest.xml");
  }

  private CliRun bundle(String... extra) {
    return CliRun.of(CliRun.bundleImageArgs(image, bundleDir, TestData.ec2Cert(), extra));
  }

  private static String sha1(Path file) throws IOException {
    try {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("SHA-1").digest(Files.readAllBytes(file)));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void bundleImageJson_describesTheManifestAndPartsWritten() throws IOException {
    CliRun run = bundle("--batch", "--json");
    assertEquals(0, run.exitCode(), run.toString());
    assertEquals("", run.stderr());
    JsonNode json = run.json();

    ImageInfo info = ManifestReader.read(manifest).manifest().image();
    assertEquals(manifest.toString(), json.get("manifest").asText());
    assertEquals(image.toString(), json.get("image").asText());
    assertEquals(IMAGE_SIZE, json.get("image_size").asLong());
    assertEquals(info.bundledSize(), json.get("bundled_size").asLong());
    assertEquals(info.digest().hex(), json.get("digest").asText());
    assertTrue(
        json.get("seconds").isNumber() && json.get("seconds").asDouble() > 0, json.toString());
    JsonNode parts = json.get("parts");
    assertEquals(2, parts.size(), json.toString());
    long total = 0;
    for (int i = 0; i < parts.size(); i++) {
      Path file = Path.of(parts.get(i).get("file").asText());
      assertEquals(bundleDir.resolve(info.parts().get(i).filename()), file);
      assertEquals(Files.size(file), parts.get(i).get("size").asLong());
      assertEquals(sha1(file), parts.get(i).get("sha1").asText());
      total += Files.size(file);
    }
    assertEquals(info.bundledSize(), total);
  }

  @Test
  void unbundleJson_namesTheImageWritten_andTheChecksPassed() throws IOException {
    assertEquals(0, bundle("--batch", "--quiet").exitCode());
    Path out = Files.createDirectory(work.resolve("out"));
    CliRun run =
        CliRun.of(
            "unbundle",
            "-k",
            TestData.userKey().toString(),
            "-m",
            manifest.toString(),
            "-s",
            bundleDir.toString(),
            "-d",
            out.toString(),
            "-c",
            TestData.userCert().toString(),
            "--json");
    assertEquals(0, run.exitCode(), run.toString());
    JsonNode json = run.json();

    Path written = Path.of(json.get("image").asText());
    assertEquals(out.resolve("web.img"), written);
    assertArrayEquals(imageBytes, Files.readAllBytes(written));
    assertEquals("web.img", json.get("name").asText());
    assertEquals(IMAGE_SIZE, json.get("size").asLong());
    assertEquals(
        ManifestReader.read(manifest).manifest().image().digest().hex(),
        json.get("digest").asText());
    assertEquals(2, json.get("parts").asInt());
    List<String> checks = new ArrayList<>();
    json.get("checks_passed").forEach(check -> checks.add(check.asText()));
    assertEquals(List.of("signature", "parts", "image digest", "image size"), checks);
  }

  @Test
  void verifyBundleJson_listsEveryCheck_passedOrFailed() throws IOException {
    assertEquals(0, bundle("--batch", "--quiet").exitCode());
    String[] verify = {
      "verify-bundle",
      "-m",
      manifest.toString(),
      "-c",
      TestData.userCert().toString(),
      "-k",
      TestData.userKey().toString(),
      "--json"
    };
    CliRun clean = CliRun.of(verify);
    assertEquals(0, clean.exitCode(), clean.toString());
    JsonNode json = clean.json();
    assertTrue(json.get("passed").asBoolean());
    List<String> names = new ArrayList<>();
    json.get("checks")
        .forEach(
            check -> {
              names.add(check.get("name").asText());
              assertTrue(check.get("passed").asBoolean(), check.toString());
              assertFalse(check.get("detail").asText().isEmpty(), check.toString());
            });
    assertEquals(
        List.of(
            "signature",
            "part web.img.part.0",
            "part web.img.part.1",
            "bundled_size",
            "key",
            "image digest"),
        names);
    assertEquals(0, json.get("skipped").size());

    try (RandomAccessFile part =
        new RandomAccessFile(bundleDir.resolve("web.img.part.1").toFile(), "rw")) {
      part.write(part.read() ^ 1);
    }
    CliRun damaged = CliRun.of(verify);
    assertEquals(ExitCodes.ERROR, damaged.exitCode(), damaged.toString());
    JsonNode failed = damaged.json();
    assertFalse(failed.get("passed").asBoolean());
    assertFalse(failed.get("checks").get(2).get("passed").asBoolean(), failed.toString());
    assertTrue(damaged.stderr().contains("checks failed"), damaged.stderr());
  }

  @Test
  void convertJson_namesTheTarget_andTheStepsToAnAmi() throws IOException {
    assertEquals(0, bundle("--batch", "--quiet").exitCode());
    Path disk = work.resolve("disk.raw");
    CliRun run =
        CliRun.of(
            "convert",
            "-m",
            manifest.toString(),
            "-k",
            TestData.userKey().toString(),
            "--to",
            disk.toString(),
            "--json");
    assertEquals(0, run.exitCode(), run.toString());
    JsonNode json = run.json();
    assertEquals(disk.toString(), json.get("target").asText());
    assertFalse(json.get("device").asBoolean());
    assertEquals(IMAGE_SIZE, json.get("image_size").asLong());
    assertEquals(Files.size(disk), json.get("target_size").asLong());
    assertArrayEquals(imageBytes, Files.readAllBytes(disk));
    JsonNode steps = json.get("steps");
    assertEquals(2, steps.size(), json.toString());
    assertTrue(steps.get(0).get("commands").get(0).asText().startsWith("aws s3 cp " + disk));
    assertTrue(
        steps
            .get(1)
            .get("commands")
            .get(0)
            .asText()
            .startsWith("aws ec2 register-image --name 'web.img'"),
        json.toString());
  }

  @Test
  void quiet_printsNothingOnSuccess_butStillTheErrors() throws IOException {
    CliRun bundled = bundle("--batch", "--quiet");
    assertEquals(0, bundled.exitCode(), bundled.toString());
    assertEquals("", bundled.out());
    assertEquals("", bundled.stderr());
    assertTrue(Files.exists(manifest));

    Path out = Files.createDirectory(work.resolve("out"));
    CliRun unbundled =
        CliRun.of(
            "unbundle",
            "-k",
            TestData.userKey().toString(),
            "-m",
            manifest.toString(),
            "-s",
            bundleDir.toString(),
            "-d",
            out.toString(),
            "--quiet");
    assertEquals(0, unbundled.exitCode(), unbundled.toString());
    assertEquals("", unbundled.out() + unbundled.stderr());
    assertArrayEquals(imageBytes, Files.readAllBytes(out.resolve("web.img")));

    CliRun failed =
        CliRun.of(
            "unbundle",
            "-k",
            TestData.userKey().toString(),
            "-m",
            work.resolve("absent.xml").toString(),
            "-d",
            out.toString(),
            "--quiet");
    assertEquals(ExitCodes.NOT_FOUND, failed.exitCode(), failed.toString());
    assertEquals("", failed.out());
    assertTrue(failed.stderr().startsWith("ERROR: "), failed.stderr());
  }

  @Test
  void jsonWithStream_isAUsageError() {
    CliRun run =
        CliRun.of(
            "unbundle", "-k", TestData.userKey().toString(), "-m", "m.xml", "--stream", "--json");
    assertEquals(ExitCodes.USAGE, run.exitCode(), run.toString());
    assertEquals("", run.out());
    assertTrue(run.stderr().contains("drop --json"), run.stderr());
  }

  @Test
  void onAConsole_bundleAndUnbundleShowProgress_unlessBatchOrQuiet() throws IOException {
    CliRun bundled = CliRun.onConsole(CliRun.bundleImageArgs(image, bundleDir, TestData.ec2Cert()));
    assertEquals(0, bundled.exitCode(), bundled.toString());
    assertTrue(bundled.stderr().startsWith("\r0.0/12.0 MB, "), bundled.stderr());
    assertTrue(bundled.stderr().contains("\r12.0/12.0 MB, "), bundled.stderr());
    assertTrue(bundled.stderr().endsWith(" left\n"), bundled.stderr());

    Path out = Files.createDirectory(work.resolve("out"));
    String[] unbundle = {
      "unbundle",
      "-k",
      TestData.userKey().toString(),
      "-m",
      manifest.toString(),
      "-s",
      bundleDir.toString(),
      "-d",
      out.toString(),
      "--batch"
    };
    CliRun batch = CliRun.onConsole(unbundle);
    assertEquals(0, batch.exitCode(), batch.toString());
    assertEquals("", batch.stderr());
    unbundle[unbundle.length - 1] = "--quiet";
    Files.delete(out.resolve("web.img"));
    CliRun quiet = CliRun.onConsole(unbundle);
    assertEquals(0, quiet.exitCode(), quiet.toString());
    assertEquals("", quiet.stderr());
    Files.delete(out.resolve("web.img"));
    CliRun shown = CliRun.onConsole(Arrays.copyOf(unbundle, unbundle.length - 1));
    assertEquals(0, shown.exitCode(), shown.toString());
    assertTrue(shown.stderr().startsWith("\r0.0/12.0 MB, "), shown.stderr());
    assertTrue(shown.stderr().contains("\r12.0/12.0 MB, "), shown.stderr());
    assertTrue(shown.stderr().endsWith(" left\n"), shown.stderr());
  }
}
