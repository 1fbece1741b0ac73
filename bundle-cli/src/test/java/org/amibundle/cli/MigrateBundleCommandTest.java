package org.amibundle.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.amibundle.bundle.testing.FaultProxy;
import org.amibundle.bundle.testing.FaultProxy.Fault;
import org.amibundle.bundle.testing.S3ProxyServer;
import org.amibundle.testing.TestData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * migrate-bundle against S3Proxy behind the fault proxy. The bundle is made with the user's
 * certificate standing in for the source region's EC2 certificate, and migrated for the test EC2
 * certificate: only after the migration does the test EC2 key open it.
 */
class MigrateBundleCommandTest {

  private static final Map<String, String> SECRET =
      Map.of("AWS_SECRET_ACCESS_KEY", S3ProxyServer.SECRET_KEY);
  private static final String MANIFEST = "app.img.manifest.xml";

  @TempDir Path work;
  private S3ProxyServer server;
  private FaultProxy proxy;
  private byte[] image;
  private Path bundle;

  @BeforeEach
  void bundleAndUpload() throws Exception {
    server = S3ProxyServer.start(Files.createDirectory(work.resolve("s3")));
    proxy = FaultProxy.start(server.endpoint());
    image = new byte[22_000_000]; // three 10 MiB parts
    new Random(12).nextBytes(image);
    Files.write(work.resolve("app.img"), image);
    bundle = CliRun.bundleImage(work.resolve("app.img"), TestData.userCert());
    CliRun upload =
        s3(
            "upload-bundle",
            "-b",
            "source/app",
            "-m",
            bundle.resolve(MANIFEST).toString(),
            "--acl",
            "public-read");
    assertEquals(0, upload.exitCode(), upload.toString());
  }

  @AfterEach
  void stop() throws Exception {
    proxy.close();
    server.close();
  }

  private CliRun s3(String command, String... args) {
    List<String> all =
        new ArrayList<>(
            List.of(command, "-a", S3ProxyServer.ACCESS_KEY, "--url", proxy.endpoint().toString()));
    all.addAll(List.of(args));
    return CliRun.withInput(new byte[0], SECRET, all.toArray(String[]::new));
  }

  private CliRun migrate(String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "-b",
                "source/app",
                "-d",
                "target/eu/app",
                "-m",
                MANIFEST,
                "-c",
                TestData.userCert().toString(),
                "-k",
                TestData.userKey().toString(),
                "--ec2cert",
                TestData.ec2Cert().toString(),
                "--no-mapping",
                "--acl",
                "public-read"));
    args.addAll(List.of(more));
    return s3("migrate-bundle", args.toArray(String[]::new));
  }

  private CliRun unbundleFrom(String bucket, Path key, Path out) {
    return s3(
        "download-and-unbundle",
        "-b",
        bucket,
        "-m",
        MANIFEST,
        "-k",
        key.toString(),
        "-c",
        TestData.userCert().toString(),
        "-o",
        out.toString());
  }

  /** The copy requests (PUT with x-amz-copy-source) the proxy saw from request {@code from} on. */
  private List<String> copiedKeys(int from) {
    List<FaultProxy.Request> requests = proxy.requests();
    return requests.subList(from, requests.size()).stream()
        .filter(r -> r.method().equals("PUT") && r.header("x-amz-copy-source").isPresent())
        .map(FaultProxy.Request::path)
        .sorted()
        .toList();
  }

  /**
   * The bundle at the destination restores the image with the test EC2 key; the source is as it
   * was.
   */
  private void assertMigrated() throws Exception {
    Path restored = work.resolve("restored.img");
    CliRun unbundled = unbundleFrom("target/eu/app", TestData.ec2Key(), restored);
    assertEquals(0, unbundled.exitCode(), unbundled.toString());
    assertArrayEquals(image, Files.readAllBytes(restored));
    assertSourceIntact();
  }

  private void assertSourceIntact() throws Exception {
    Path copy = Files.createDirectory(work.resolve("source-copy-" + System.nanoTime()));
    CliRun download =
        s3("download-bundle", "-b", "source/app", "-m", MANIFEST, "-d", copy.toString());
    assertEquals(0, download.exitCode(), download.toString());
    try (Stream<Path> files = Files.list(bundle)) {
      for (Path file : files.toList()) {
        assertEquals(-1, Files.mismatch(file, copy.resolve(file.getFileName())), file.toString());
      }
    }
  }

  @Test
  void migratedBundle_unbundlesByteExactWithTheNewEc2Key_andTheSourceIsIntact() throws Exception {
    Path before = work.resolve("before.img");
    CliRun oldKey = unbundleFrom("source/app", TestData.ec2Key(), before);
    assertEquals(
        254, oldKey.exitCode(), "the source bundle is not for the test EC2 key: " + oldKey);

    CliRun run = migrate();

    assertEquals(0, run.exitCode(), run.toString());
    assertTrue(run.out().contains("Copied eu/app/app.img.part.2"), run.out());
    assertTrue(
        run.out().contains("Your new bundle is in S3 at target/eu/app/" + MANIFEST), run.out());
    assertEquals(
        List.of(
            "/target/eu/app/app.img.part.0",
            "/target/eu/app/app.img.part.1",
            "/target/eu/app/app.img.part.2"),
        copiedKeys(0));
    assertMigrated();
  }

  @Test
  void json_namesTheNewManifest_andCountsTheObjectsCopied() throws Exception {
    CliRun run = migrate("--json");

    assertEquals(0, run.exitCode(), run.toString());
    JsonNode json = run.json();
    assertEquals("target/eu/app/" + MANIFEST, json.get("manifest").asText());
    assertEquals(4, json.get("objects").asInt(), json.toString());
    long parts = 0;
    for (int i = 0; i < 3; i++) {
      parts += Files.size(bundle.resolve("app.img.part." + i));
    }
    long manifestBytes = json.get("bytes").asLong() - parts;
    assertTrue(manifestBytes > 1000 && manifestBytes < 10_000, json.toString());
    assertEquals(0, json.get("skipped_objects").asInt());
    assertMigrated();
  }

  @Test
  void failedCopy_leavesNoManifest_andARerunCopiesOnlyWhatIsMissing() throws Exception {
    proxy.onEvery("PUT", "/target/eu/app/app\\.img\\.part\\.1", Fault.internalError());

    CliRun failed = migrate("--parallel", "1");

    assertEquals(3, failed.exitCode(), failed.toString());
    assertTrue(
        failed.stderr().contains("app.img.part.1") && failed.stderr().contains("InternalError"),
        failed.stderr());
    CliRun noManifest =
        s3("download-bundle", "-b", "target/eu/app", "-m", MANIFEST, "-d", work.toString());
    assertEquals(2, noManifest.exitCode(), noManifest.toString());

    proxy.clearFaults();
    int firstRun = proxy.requests().size();
    CliRun rerun = migrate("--parallel", "1");

    assertEquals(0, rerun.exitCode(), rerun.toString());
    assertTrue(rerun.out().contains("Skipping eu/app/app.img.part.0"), rerun.out());
    assertEquals(
        List.of("/target/eu/app/app.img.part.1", "/target/eu/app/app.img.part.2"),
        copiedKeys(firstRun));
    assertMigrated();
  }

  @Test
  void destinationEqualToTheSource_isRefusedWithExit1() {
    CliRun run =
        s3(
            "migrate-bundle",
            "-b",
            "source/app",
            "-d",
            "/source/app/",
            "-m",
            MANIFEST,
            "-c",
            TestData.userCert().toString(),
            "-k",
            TestData.userKey().toString(),
            "--ec2cert",
            TestData.ec2Cert().toString(),
            "--no-mapping");

    assertEquals(1, run.exitCode(), run.toString());
    assertTrue(run.stderr().contains("is the source"), run.stderr());
  }
}
