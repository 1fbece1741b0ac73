package org.amibundle.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
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

/** bundle-and-upload against S3Proxy (behind the fault proxy), then download and unbundle. */
class BundleAndUploadCommandTest {

  private static final Map<String, String> SECRET =
      Map.of("AWS_SECRET_ACCESS_KEY", S3ProxyServer.SECRET_KEY);
  private static final int MIB = 1 << 20;

  @TempDir Path work;
  private S3ProxyServer server;
  private FaultProxy proxy;
  private Path image;

  @BeforeEach
  void sparseImage() throws Exception {
    server = S3ProxyServer.start(Files.createDirectory(work.resolve("s3")));
    proxy = FaultProxy.start(server.endpoint());
    // 40 MiB: 14 MiB of random data around a hole, a trailing hole: two 10 MiB parts.
    image = work.resolve("app.img");
    Random random = new Random(11);
    try (RandomAccessFile file = new RandomAccessFile(image.toFile(), "rw")) {
      byte[] data = new byte[7 * MIB];
      random.nextBytes(data);
      file.write(data);
      random.nextBytes(data);
      file.seek(16L * MIB);
      file.write(data);
      file.setLength(40L * MIB);
    }
  }

  @AfterEach
  void stop() throws Exception {
    proxy.close();
    server.close();
  }

  private CliRun run(String command, String... args) {
    List<String> all =
        new ArrayList<>(
            List.of(
                command,
                "-b",
                "images/app/v1",
                "-a",
                S3ProxyServer.ACCESS_KEY,
                "--url",
                proxy.endpoint().toString()));
    all.addAll(List.of(args));
    return CliRun.withInput(new byte[0], SECRET, all.toArray(String[]::new));
  }

  private CliRun bundleAndUpload(String... args) {
    List<String> all =
        new ArrayList<>(
            List.of(
                "-i",
                image.toString(),
                "-c",
                TestData.userCert().toString(),
                "-k",
                TestData.userKey().toString(),
                "-u",
                "1111-2222-3333",
                "-r",
                "x86_64",
                "--ec2cert",
                TestData.ec2Cert().toString(),
                "--acl",
                "public-read",
                "--batch"));
    all.addAll(List.of(args));
    return run("bundle-and-upload", all.toArray(String[]::new));
  }

  @Test
  void bundleAndUpload_thenDownloadUnbundle_andDownloadAndUnbundle_restoreTheImage()
      throws IOException {
    Path kept = Files.createDirectory(work.resolve("kept"));
    CliRun upload =
        bundleAndUpload("--max-pending-parts", "1", "--preserve-bundle", "-d", kept.toString());
    assertEquals(0, upload.exitCode(), upload.toString());
    assertTrue(upload.out().contains("Uploaded app/v1/app.img.part.0\n"), upload.out());
    assertTrue(upload.out().contains("Uploaded app/v1/app.img.part.1\n"), upload.out());
    assertTrue(
        upload.out().contains("Manifest uploaded to: images/app/v1/app.img.manifest.xml"),
        upload.out());
    assertTrue(proxy.maxOverlap("PUT", "/images/app/v1/app\\.img\\.part\\.\\d") <= 1);

    Path downloaded = Files.createDirectory(work.resolve("downloaded"));
    CliRun download =
        run("download-bundle", "-m", "app.img.manifest.xml", "-d", downloaded.toString());
    assertEquals(0, download.exitCode(), download.toString());
    try (Stream<Path> files = Files.list(kept)) {
      for (Path file : files.toList()) {
        assertEquals(
            -1, Files.mismatch(file, downloaded.resolve(file.getFileName())), file.toString());
      }
    }
    Path restored = Files.createDirectory(work.resolve("restored"));
    CliRun unbundle =
        CliRun.of(
            "unbundle",
            "-k",
            TestData.userKey().toString(),
            "-m",
            downloaded.resolve("app.img.manifest.xml").toString(),
            "-s",
            downloaded.toString(),
            "-d",
            restored.toString());
    assertEquals(0, unbundle.exitCode(), unbundle.toString());
    assertEquals(-1, Files.mismatch(image, restored.resolve("app.img")));

    CliRun direct =
        run(
            "download-and-unbundle",
            "-p",
            "app.img",
            "-k",
            TestData.userKey().toString(),
            "-o",
            work.resolve("direct.img").toString(),
            "-c",
            TestData.userCert().toString());
    assertEquals(0, direct.exitCode(), direct.toString());
    assertEquals(-1, Files.mismatch(image, work.resolve("direct.img")));
  }

  @Test
  void partRefused_exits3NamingIt_andLeavesNoManifestNorParts() throws IOException {
    proxy.onEvery("PUT", "/images/app/v1/app\\.img\\.part\\.1", Fault.internalError());

    CliRun upload = bundleAndUpload("--retry");

    assertEquals(3, upload.exitCode(), upload.toString());
    assertTrue(upload.stderr().contains("app.img.part.1"), upload.stderr());
    assertTrue(upload.stderr().contains("InternalError"), upload.stderr());
    assertEquals(5, proxy.applied().size(), "--retry: 5 tries");
    assertTrue(
        proxy.requests().stream()
            .anyMatch(r -> r.method().equals("DELETE") && r.path().endsWith("app.img.part.0")),
        "the part uploaded is deleted again");
    CliRun listing = run("download-bundle", "-m", "app.img.manifest.xml", "-d", work.toString());
    assertEquals(2, listing.exitCode(), "no manifest: " + listing);
  }

  @Test
  void bucketElsewhere_exits10_beforeBundling() {
    proxy.onEvery(
        "GET",
        "/images",
        new Fault.Answer(
            200,
            "<LocationConstraint"
                + " xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">EU</LocationConstraint>"));

    CliRun upload = bundleAndUpload("--location", "us-west-2");

    assertEquals(ExitCodes.BUCKET_ELSEWHERE, upload.exitCode(), upload.toString());
    assertTrue(
        proxy.requests().stream().noneMatch(r -> r.method().equals("PUT")), "nothing uploaded");
  }
}
