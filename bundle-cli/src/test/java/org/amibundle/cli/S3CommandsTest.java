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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.amibundle.bundle.testing.S3ProxyServer;
import org.amibundle.manifest.ManifestReader;
import org.amibundle.testing.TestData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** upload-bundle, download-bundle, download-and-unbundle, delete-bundle against S3Proxy. */
class S3CommandsTest {

  private static final Map<String, String> SECRET =
      Map.of("AWS_SECRET_ACCESS_KEY", S3ProxyServer.SECRET_KEY);

  @TempDir Path work;
  private S3ProxyServer server;
  private byte[] image;
  private Path bundle;

  @BeforeEach
  void bundleAnImage() throws Exception {
    server = S3ProxyServer.start(Files.createDirectory(work.resolve("s3")));
    image = new byte[1_500_000];
    new Random(8).nextBytes(image);
    Files.write(work.resolve("app.img"), image);
    bundle = CliRun.bundleImage(work.resolve("app.img"), TestData.ec2Cert());
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
  }

  private CliRun s3(String command, String... args) {
    List<String> all =
        new ArrayList<>(
            List.of(
                command,
                "-b",
                "images/app/v1",
                "-a",
                S3ProxyServer.ACCESS_KEY,
                "--url",
                server.endpoint().toString()));
    all.addAll(List.of(args));
    return CliRun.withInput(new byte[0], SECRET, all.toArray(String[]::new));
  }

  @Test
  void upload_download_downloadAndUnbundle_delete() throws IOException {
    CliRun upload =
        s3(
            "upload-bundle",
            "-m",
            bundle.resolve("app.img.manifest.xml").toString(),
            "--acl",
            "public-read");
    assertEquals(0, upload.exitCode(), upload.toString());
    assertTrue(upload.out().contains("Uploaded app/v1/app.img.part.0"), upload.out());
    assertTrue(
        upload.out().contains("Manifest uploaded to: images/app/v1/app.img.manifest.xml"),
        upload.out());
    assertTrue(
        !upload.stderr().contains("\r") && !upload.stderr().contains("objects"),
        "no console, no progress: " + upload.stderr());

    CliRun again =
        s3(
            "upload-bundle",
            "-m",
            bundle.resolve("app.img.manifest.xml").toString(),
            "--acl",
            "none");
    assertEquals(0, again.exitCode(), again.toString());
    assertTrue(again.out().contains("Skipping app/v1/app.img.part.0"), again.out());

    Path downloaded = Files.createDirectory(work.resolve("downloaded"));
    CliRun download =
        s3("download-bundle", "-m", "app.img.manifest.xml", "-d", downloaded.toString());
    assertEquals(0, download.exitCode(), download.toString());
    assertEquals(
        -1, Files.mismatch(bundle.resolve("app.img.part.0"), downloaded.resolve("app.img.part.0")));

    Path restored = Files.createDirectory(work.resolve("restored"));
    CliRun direct =
        s3(
            "download-and-unbundle",
            "-p",
            "app.img",
            "-k",
            TestData.userKey().toString(),
            "-o",
            restored.resolve("disk.raw").toString(),
            "-c",
            TestData.userCert().toString());
    assertEquals(0, direct.exitCode(), direct.toString());
    assertArrayEquals(image, Files.readAllBytes(restored.resolve("disk.raw")));

    CliRun delete = s3("delete-bundle", "-p", "app.img", "-y", "--clear");
    assertEquals(0, delete.exitCode(), delete.toString());
    assertTrue(delete.out().contains("   - app.img.manifest.xml"), delete.out());
    CliRun gone = s3("download-bundle", "-m", "app.img.manifest.xml", "-d", downloaded.toString());
    assertEquals(2, gone.exitCode(), gone.toString());
  }

  /** The sizes of the bundle's files: parts then manifest. */
  private long bundleBytes() throws IOException {
    long total = 0;
    try (var files = Files.list(bundle)) {
      for (Path file : files.toList()) {
        total += Files.size(file);
      }
    }
    return total;
  }

  @Test
  void transfersInJson_countTheObjectsAndBytesMoved() throws IOException {
    Path manifest = bundle.resolve("app.img.manifest.xml");
    int objects = ManifestReader.read(manifest).manifest().image().parts().size() + 1;

    JsonNode upload =
        s3("upload-bundle", "-m", manifest.toString(), "--acl", "public-read", "--json").json();
    assertEquals("images", upload.get("bucket").asText());
    assertEquals("app/v1/app.img.manifest.xml", upload.get("manifest").asText());
    assertEquals(objects, upload.get("objects").asInt());
    assertEquals(bundleBytes(), upload.get("bytes").asLong());
    assertEquals(0, upload.get("skipped_objects").asInt());

    JsonNode again =
        s3("upload-bundle", "-m", manifest.toString(), "--acl", "none", "--json").json();
    assertEquals(objects, again.get("objects").asInt() + again.get("skipped_objects").asInt());
    assertEquals(objects - 1, again.get("skipped_objects").asInt(), again.toString());
    assertEquals(
        bundleBytes() - Files.size(manifest),
        again.get("skipped_bytes").asLong(),
        again.toString());

    Path downloaded = Files.createDirectory(work.resolve("downloaded"));
    CliRun download =
        s3("download-bundle", "-m", "app.img.manifest.xml", "-d", downloaded.toString(), "--json");
    JsonNode got = download.json();
    assertEquals(
        downloaded.resolve("app.img.manifest.xml").toString(), got.get("manifest").asText());
    assertEquals(-1, Files.mismatch(manifest, Path.of(got.get("manifest").asText())));
    assertEquals(objects, got.get("objects").asInt());
    assertEquals(bundleBytes(), got.get("bytes").asLong());

    Path restored = work.resolve("disk.raw");
    JsonNode direct =
        s3(
                "download-and-unbundle",
                "-p",
                "app.img",
                "-k",
                TestData.userKey().toString(),
                "-o",
                restored.toString(),
                "--json")
            .json();
    assertEquals(restored.toString(), direct.get("image").asText());
    assertArrayEquals(image, Files.readAllBytes(restored));
    assertEquals(image.length, direct.get("size").asLong());
    assertEquals(objects - 1, direct.get("objects").asInt());

    JsonNode delete = s3("delete-bundle", "-p", "app.img", "-y", "--json").json();
    assertEquals(objects, delete.get("keys").size());
    assertTrue(delete.get("deleted").asBoolean());
    assertEquals(objects, delete.get("objects").asInt());
    assertEquals(
        2,
        s3("download-bundle", "-m", "app.img.manifest.xml", "-d", downloaded.toString())
            .exitCode());
  }

  @Test
  void aManifestOf64MiBAndOneByteInS3_isRefusedInOneLine_byEveryCommandThatReadsIt()
      throws IOException {
    CliRun upload =
        s3(
            "upload-bundle",
            "-m",
            bundle.resolve("app.img.manifest.xml").toString(),
            "--acl",
            "public-read");
    assertEquals(0, upload.exitCode(), upload.toString());
    // S3Proxy keeps each object as a file under its storage directory: bucket/key.
    Path huge = work.resolve("s3/images/app/v1/huge.manifest.xml");
    try (RandomAccessFile file = new RandomAccessFile(huge.toFile(), "rw")) {
      file.setLength(ManifestReader.MAX_BYTES + 1L);
    }
    Path restored = Files.createDirectory(work.resolve("restored"));
    String key = TestData.userKey().toString();

    List<CliRun> runs =
        List.of(
            s3(
                "download-and-unbundle",
                "-m",
                "huge.manifest.xml",
                "-k",
                key,
                "-d",
                restored.toString()),
            s3("download-bundle", "-m", "huge.manifest.xml", "-d", restored.toString()),
            s3("verify-bundle", "-m", "huge.manifest.xml", "-k", key),
            s3(
                "convert",
                "-m",
                "huge.manifest.xml",
                "-k",
                key,
                "--to",
                restored.resolve("disk.img").toString()),
            s3(
                "migrate-bundle",
                "-d",
                "images/elsewhere",
                "-m",
                "huge.manifest.xml",
                "-c",
                TestData.userCert().toString(),
                "-k",
                key,
                "--ec2cert",
                TestData.ec2Cert().toString(),
                "--no-mapping"));

    for (CliRun run : runs) {
      assertEquals(254, run.exitCode(), run.toString());
      assertEquals(1, run.stderr().lines().count(), run.toString());
      assertTrue(
          run.stderr().contains("holds 67108865 bytes, but a manifest is at most"), run.toString());
    }
    try (var files = Files.list(restored)) {
      assertEquals(0, files.count());
    }
  }

  @Test
  void aManifestThatIsTheRootDirectory_isRefusedAsUnreadable() {
    CliRun upload = s3("upload-bundle", "-m", "/");

    assertEquals(254, upload.exitCode(), upload.toString());
    assertTrue(upload.stderr().contains("could not read manifest /"), upload.stderr());
  }

  @Test
  void wrongSecret_exits3_withoutPrintingIt() {
    CliRun run =
        CliRun.withInput(
            new byte[0],
            Map.of("AWS_SECRET_ACCESS_KEY", "wrong-secret"),
            "upload-bundle",
            "-b",
            "images",
            "-a",
            S3ProxyServer.ACCESS_KEY,
            "--url",
            server.endpoint().toString(),
            "-m",
            bundle.resolve("app.img.manifest.xml").toString());
    assertEquals(3, run.exitCode(), run.toString());
    assertTrue(!run.toString().contains("wrong-secret"));
  }

  @Test
  void accessKeyWithoutSecret_exits1() {
    CliRun run =
        CliRun.of(
            "download-bundle", "-b", "images", "-a", "AKIA", "--url", server.endpoint().toString());
    assertEquals(1, run.exitCode(), run.toString());
    assertTrue(run.stderr().contains("AWS_SECRET_ACCESS_KEY"), run.stderr());
  }

  @Test
  void aSecretKeyOnTheCommandLine_works_butIsWarnedAbout() {
    CliRun run =
        CliRun.of(
            "download-bundle",
            "-b",
            "images/app/v1",
            "-a",
            S3ProxyServer.ACCESS_KEY,
            "-s",
            S3ProxyServer.SECRET_KEY,
            "--url",
            server.endpoint().toString(),
            "-k",
            TestData.userKey().toString(),
            "-m",
            "app.img.manifest.xml",
            "-d",
            work.toString());

    assertEquals(2, run.exitCode(), "nothing uploaded yet: " + run);
    assertTrue(
        run.stderr()
            .startsWith(
                "WARNING: a secret key on the command line (--secret-key)"
                    + " can be read by other users of this machine in the process list: set"
                    + " AWS_SECRET_ACCESS_KEY or use a profile (--profile) instead.\n"),
        run.stderr());
    assertFalse(run.stderr().contains(S3ProxyServer.SECRET_KEY), "the secret is not echoed");
  }
}
