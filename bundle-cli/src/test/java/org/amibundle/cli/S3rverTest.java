package org.amibundle.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.amibundle.testing.TestData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every S3 command against a second S3 implementation, s3rver over plain HTTP, which stores what it
 * is sent without decoding AWS's chunked payload signing. What amibundle stored is read back with
 * an independent client, the AWS CLI, and compared byte for byte.
 */
class S3rverTest {

  private static final Map<String, String> SECRET = Map.of("AWS_SECRET_ACCESS_KEY", S3rver.KEY);

  @TempDir Path work;
  private S3rver server;
  private Path image;
  private Path bundle;

  @BeforeEach
  void bundleAnImage() throws Exception {
    server = S3rver.start(Files.createDirectory(work.resolve("s3")));
    // Three parts of 10 MiB, the last one short: large enough for the SDK's 128 KiB signing chunks.
    byte[] bytes = new byte[23 * 1024 * 1024];
    new Random(16).nextBytes(bytes);
    image = Files.write(work.resolve("disk.img"), bytes);
    bundle = CliRun.bundleImage(image, TestData.ec2Cert());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private CliRun s3(String command, String... args) {
    List<String> all =
        new ArrayList<>(
            List.of(
                command,
                "-a",
                S3rver.KEY,
                "--endpoint-url",
                server.endpoint().toString(),
                "--batch"));
    all.addAll(List.of(args));
    CliRun run = CliRun.withInput(new byte[0], SECRET, all.toArray(String[]::new));
    assertEquals(0, run.exitCode(), run.toString());
    return run;
  }

  /** The bundle's files, manifest and parts. */
  private List<Path> bundleFiles() throws IOException {
    try (var files = Files.list(bundle)) {
      return files.sorted().toList();
    }
  }

  /** Fetches {@code bucket/prefix/name} with the AWS CLI and compares it with {@code expected}. */
  private void assertStoredAs(String objectPrefix, Path expected) throws IOException {
    Path fetched = Files.createDirectories(work.resolve("aws-cli")).resolve(expected.getFileName());
    Files.deleteIfExists(fetched);
    server.aws(
        work,
        "s3",
        "cp",
        "--only-show-errors",
        "s3://" + objectPrefix + expected.getFileName(),
        fetched.toString());
    assertEquals(-1, Files.mismatch(expected, fetched), objectPrefix + expected.getFileName());
  }

  @Test
  void upload_download_unbundle_migrate_delete_storeAndReadTheExactBytes() throws IOException {
    List<Path> files = bundleFiles();
    assertEquals(4, files.size(), "manifest and three parts: " + files);

    s3("upload-bundle", "-b", "amis/v1", "-m", bundle.resolve("disk.img.manifest.xml").toString());
    for (Path file : files) {
      assertStoredAs("amis/v1/", file);
    }

    Path downloaded = Files.createDirectory(work.resolve("downloaded"));
    s3(
        "download-bundle",
        "-b",
        "amis/v1",
        "-p",
        "disk.img",
        "-k",
        TestData.userKey().toString(),
        "-d",
        downloaded.toString());
    for (Path file : files) {
      assertEquals(
          -1, Files.mismatch(file, downloaded.resolve(file.getFileName())), file.toString());
    }

    Path restored = Files.createDirectory(work.resolve("restored"));
    s3(
        "download-and-unbundle",
        "-b",
        "amis/v1",
        "-p",
        "disk.img",
        "-k",
        TestData.userKey().toString(),
        "-c",
        TestData.userCert().toString(),
        "-o",
        restored.toString());
    assertEquals(-1, Files.mismatch(image, restored.resolve("disk.img")));

    s3(
        "migrate-bundle",
        "-b",
        "amis/v1",
        "-d",
        "moved/v2",
        "-m",
        "disk.img.manifest.xml",
        "-c",
        TestData.userCert().toString(),
        "-k",
        TestData.userKey().toString(),
        "--ec2cert",
        TestData.ec2Cert().toString(),
        "--no-mapping");
    for (Path file : files) {
      if (!file.getFileName().toString().endsWith(".manifest.xml")) {
        assertStoredAs("moved/v2/", file);
      }
    }
    String moved = server.aws(work, "s3", "ls", "s3://moved/v2/").stdoutText();
    assertTrue(moved.contains("disk.img.manifest.xml"), moved);

    s3("delete-bundle", "-b", "amis/v1", "-p", "disk.img", "-y");
    String left = server.aws(work, "s3api", "list-objects-v2", "--bucket", "amis").stdoutText();
    assertFalse(left.contains("disk.img"), left);
  }
}
