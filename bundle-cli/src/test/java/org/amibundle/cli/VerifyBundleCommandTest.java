package org.amibundle.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.amibundle.bundle.testing.S3ProxyServer;
import org.amibundle.testing.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * verify-bundle on local bundles and in S3 (S3Proxy): a line per check, exit 0 only if all pass.
 */
class VerifyBundleCommandTest {

  @TempDir Path work;

  private static CliRun verify(Path manifest, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "verify-bundle",
                "-m",
                manifest.toString(),
                "-c",
                TestData.userCert().toString(),
                "-k",
                TestData.userKey().toString()));
    args.addAll(List.of(more));
    return CliRun.of(args.toArray(String[]::new));
  }

  private Path copyOf(String name) throws Exception {
    Path dir = Files.createDirectory(work.resolve(name));
    try (Stream<Path> files = Files.list(TestData.reference(name))) {
      for (Path file : files.toList()) {
        Files.copy(file, dir.resolve(file.getFileName()));
      }
    }
    return dir.resolve(TestData.referenceManifest(name).getFileName());
  }

  @ParameterizedTest
  @ValueSource(strings = {"tiny", "opts"})
  void referenceBundle_verifies_exit0(String name) {
    CliRun run = verify(TestData.referenceManifest(name));

    assertEquals(0, run.exitCode(), run.toString());
    assertTrue(run.out().contains("OK      signature: "), run.out());
    assertTrue(run.out().contains("OK      image digest: "), run.out());
    assertTrue(run.out().contains("Bundle verified"), run.out());
  }

  @Test
  void withoutCertAndKey_theSkippedChecksAreSaid() {
    CliRun run = CliRun.of("verify-bundle", "-m", TestData.referenceManifest("tiny").toString());

    assertEquals(0, run.exitCode(), run.toString());
    assertTrue(run.out().contains("SKIPPED signature"), run.out());
    assertTrue(run.out().contains("SKIPPED image digest"), run.out());
  }

  @Test
  void damagedPartInAnotherDirectory_exits254_namingIt() throws Exception {
    Path manifest = copyOf("multipart");
    Path parts = Files.createDirectory(work.resolve("parts"));
    for (int i = 0; i < 3; i++) {
      Files.move(manifest.resolveSibling("image.part." + i), parts.resolve("image.part." + i));
    }
    byte[] bytes = Files.readAllBytes(parts.resolve("image.part.1"));
    bytes[7] ^= 0x40;
    Files.write(parts.resolve("image.part.1"), bytes);

    CliRun run = verify(manifest, "-s", parts.toString());

    assertEquals(254, run.exitCode(), run.toString());
    assertTrue(run.out().contains("OK      part image.part.0"), run.out());
    assertTrue(run.out().contains("FAILED  part image.part.1: "), run.out());
    assertTrue(run.stderr().contains("checks failed"), run.stderr());
  }

  @Test
  void sourceDirAndBucket_together_exit1() {
    CliRun run = verify(TestData.referenceManifest("tiny"), "-s", ".", "-b", "bucket");

    assertEquals(1, run.exitCode(), run.toString());
  }

  @Test
  void bundleInS3_verifies_andAMissingPartIsReported() throws Exception {
    byte[] image = new byte[200_000];
    new Random(11).nextBytes(image);
    Files.write(work.resolve("app.img"), image);
    Path bundle = Files.createDirectory(work.resolve("bundle"));
    CliRun bundled =
        CliRun.of(
            "bundle-image",
            "-c",
            TestData.userCert().toString(),
            "-k",
            TestData.userKey().toString(),
            "-u",
            "111122223333",
            "-i",
            work.resolve("app.img").toString(),
            "-d",
            bundle.toString(),
            "-r",
            "x86_64",
            "--ec2cert",
            TestData.ec2Cert().toString(),
            "--batch");
    assertEquals(0, bundled.exitCode(), bundled.toString());
    Map<String, String> secret = Map.of("AWS_SECRET_ACCESS_KEY", S3ProxyServer.SECRET_KEY);
    try (S3ProxyServer server = S3ProxyServer.start(Files.createDirectory(work.resolve("s3")))) {
      String url = server.endpoint().toString();
      String manifest = bundle.resolve("app.img.manifest.xml").toString();
      for (String prefix : List.of("images/whole", "images/partless")) {
        List<String> upload =
            new ArrayList<>(
                List.of(
                    "upload-bundle",
                    "-b",
                    prefix,
                    "-m",
                    manifest,
                    "-a",
                    S3ProxyServer.ACCESS_KEY,
                    "--url",
                    url,
                    "--acl",
                    "public-read"));
        if (prefix.endsWith("partless")) {
          upload.addAll(List.of("--part", "1"));
        }
        CliRun uploaded = CliRun.withInput(new byte[0], secret, upload.toArray(String[]::new));
        assertEquals(0, uploaded.exitCode(), uploaded.toString());
      }

      CliRun whole =
          CliRun.withInput(
              new byte[0],
              secret,
              "verify-bundle",
              "-b",
              "images/whole",
              "-m",
              "app.img.manifest.xml",
              "-a",
              S3ProxyServer.ACCESS_KEY,
              "--url",
              url,
              "-c",
              TestData.userCert().toString(),
              "-k",
              TestData.userKey().toString());
      assertEquals(0, whole.exitCode(), whole.toString());
      assertTrue(whole.out().contains("OK      part app.img.part.0"), whole.out());

      CliRun partless =
          CliRun.withInput(
              new byte[0],
              secret,
              "verify-bundle",
              "-b",
              "images/partless",
              "-m",
              "app.img.manifest.xml",
              "-a",
              S3ProxyServer.ACCESS_KEY,
              "--url",
              url,
              "-c",
              TestData.userCert().toString());
      assertEquals(254, partless.exitCode(), partless.toString());
      assertTrue(partless.out().contains("FAILED  part app.img.part.0"), partless.out());
      assertTrue(partless.out().contains("OK      signature"), partless.out());
    }
  }
}
