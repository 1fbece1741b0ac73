package org.amibundle.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.amibundle.bundle.BundleResult;
import org.amibundle.bundle.s3.S3Clients;
import org.amibundle.bundle.testing.FaultProxy;
import org.amibundle.bundle.testing.FaultProxy.Fault;
import org.amibundle.bundle.testing.S3ProxyServer;
import org.amibundle.bundle.testing.S3TestBundles;
import org.amibundle.manifest.Part;
import org.amibundle.testing.ExternalTool;
import org.amibundle.testing.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * An upload-bundle process (the assembled distribution) killed with SIGKILL half-way, then run
 * again: the second run PUTs only the parts the first left missing, and the bundle restores
 * byte-exact. The fault proxy holds every part PUT for a while so that the kill finds the upload
 * half done.
 */
class UploadResumeIT {

  private static final Path AMIBUNDLE =
      Path.of(System.getProperty("amibundle.distribution"), "bin", "amibundle");
  private static final String BUCKET = "resume";
  private static final String PREFIX = "img/";
  private static final String PART_PUT = "/resume/img/web\\.img\\.part\\.\\d+";

  @TempDir Path work;

  @Test
  void killedUpload_leavesNoManifest_andTheRerunPutsOnlyTheMissingParts() throws Exception {
    BundleResult bundle = S3TestBundles.bundle(work, 21, 256 * 1024); // 3 MB in 12 parts
    List<String> allParts = new ArrayList<>();
    for (Part part : bundle.manifest().image().parts()) {
      allParts.add(PREFIX + part.filename());
    }
    assertEquals(12, allParts.size());
    try (S3ProxyServer server = S3ProxyServer.start(Files.createDirectory(work.resolve("s3")));
        S3Client s3 = S3Clients.create(server.settings())) {
      Set<String> left;
      try (FaultProxy slow = FaultProxy.start(server.endpoint())) {
        slow.onEvery("PUT", PART_PUT, new Fault.Delay(Duration.ofMillis(400)));
        Process upload = startUpload(slow, bundle.manifestFile());
        waitForParts(s3, upload, 4);
        upload.destroyForcibly();
        assertTrue(upload.waitFor(1, TimeUnit.MINUTES));
        assertEquals(128 + 9, upload.exitValue(), "killed by SIGKILL");
      } // closing the proxy drops the PUTs it still holds
      left = settledKeys(s3);

      assertFalse(
          left.contains(PREFIX + "web.img.manifest.xml"), "no manifest after a kill: " + left);
      Set<String> missing = new TreeSet<>(allParts);
      missing.removeAll(left);
      assertTrue(!left.isEmpty() && !missing.isEmpty(), "killed half-way: " + left);

      try (FaultProxy recorder = FaultProxy.start(server.endpoint())) {
        ExternalTool.Result rerun =
            ExternalTool.run(work, null, uploadCommand(recorder, bundle.manifestFile()));
        assertEquals(0, rerun.exitCode(), rerun.stderr());
        Set<String> put = new TreeSet<>();
        for (FaultProxy.Request request : recorder.requests()) {
          if (request.method().equals("PUT") && request.path().matches(PART_PUT)) {
            put.add(request.path().substring(("/" + BUCKET + "/").length()));
          }
        }
        assertEquals(missing, put, "the rerun PUTs exactly the parts the killed run did not");
        assertTrue(
            rerun.stdoutText().contains("Skipping " + left.iterator().next()), rerun.stdoutText());
      }

      Path restored = work.resolve("restored.img");
      CliRun unbundled =
          CliRun.of(
              "download-and-unbundle",
              "-b",
              BUCKET + "/img",
              "-p",
              "web.img",
              "-a",
              S3ProxyServer.ACCESS_KEY,
              "-s",
              S3ProxyServer.SECRET_KEY,
              "--url",
              server.endpoint().toString(),
              "-k",
              TestData.userKey().toString(),
              "-c",
              TestData.userCert().toString(),
              "-o",
              restored.toString());
      assertEquals(0, unbundled.exitCode(), unbundled.toString());
      assertArrayEquals(Files.readAllBytes(work.resolve("web.img")), Files.readAllBytes(restored));
    }
  }

  private static List<String> uploadCommand(FaultProxy proxy, Path manifest) {
    return List.of(
        AMIBUNDLE.toString(),
        "upload-bundle",
        "-b",
        BUCKET + "/img",
        "-m",
        manifest.toString(),
        "-a",
        S3ProxyServer.ACCESS_KEY,
        "-s",
        S3ProxyServer.SECRET_KEY,
        "--url",
        proxy.endpoint().toString(),
        "--acl",
        "public-read",
        "--parallel",
        "2");
  }

  private Process startUpload(FaultProxy proxy, Path manifest) throws Exception {
    return new ProcessBuilder(uploadCommand(proxy, manifest))
        .directory(work.toFile())
        .redirectOutput(work.resolve("killed.out").toFile())
        .redirectError(work.resolve("killed.err").toFile())
        .start();
  }

  /** Waits until {@code count} parts are in S3; fails if the upload ends before that. */
  private void waitForParts(S3Client s3, Process upload, int count) throws Exception {
    while (keys(s3).size() < count) {
      if (!upload.isAlive()) {
        throw new AssertionError("the upload ended before it was killed: " + read("killed.err"));
      }
      Thread.sleep(50);
    }
  }

  /** The keys in S3 once they stop changing (a PUT the server had in hand may still land). */
  private static Set<String> settledKeys(S3Client s3) throws Exception {
    Set<String> before = keys(s3);
    while (true) {
      Thread.sleep(1000);
      Set<String> now = keys(s3);
      if (now.equals(before)) {
        return now;
      }
      before = now;
    }
  }

  private static Set<String> keys(S3Client s3) {
    Set<String> keys = new TreeSet<>();
    try {
      for (S3Object object :
          s3.listObjectsV2Paginator(b -> b.bucket(BUCKET).prefix(PREFIX)).contents()) {
        if (!object.key().endsWith("/")) { // the filesystem backend may list its directories
          keys.add(object.key());
        }
      }
    } catch (NoSuchBucketException e) {
      // not created yet
    }
    return keys;
  }

  private String read(String file) throws Exception {
    return Files.readString(work.resolve(file));
  }
}
