package org.amibundle.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.amibundle.bundle.testing.S3ProxyServer;
import org.amibundle.testing.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The attack: the restored image was always 0644, even under umask 077 — a whole disk,
 * world-readable. Every image written (unbundle, download-and-unbundle, convert to a file,
 * bundle-vol) is now 0600 narrowed by the umask. The distribution runs under {@code sh -c 'umask
 * ...; exec ...'}, as a user's shell would start it: a JVM cannot change its own umask.
 */
class PrivateImagesIT {

  private static final Path AMIBUNDLE =
      Path.of(System.getProperty("amibundle.distribution"), "bin", "amibundle");

  @TempDir Path work;

  @Test
  void unbundledImage_underUmask077_isReadableByItsOwnerOnly() throws IOException {
    Path bundle = bundle();
    Path out = Files.createDirectory(work.resolve("out"));

    run(
        "077",
        Map.of(),
        "unbundle",
        "-k",
        TestData.userKey().toString(),
        "-m",
        bundle.resolve("disk.img.manifest.xml").toString(),
        "-s",
        bundle.toString(),
        "-d",
        out.toString());

    assertEquals("rw-------", mode(out.resolve("disk.img")));
  }

  @Test
  void unbundledImage_underUmask022_isStillPrivate_andUnderUmask277_readOnly() throws IOException {
    Path bundle = bundle();
    for (String umask : List.of("022", "277")) {
      Path out = Files.createDirectory(work.resolve("out" + umask));

      run(
          umask,
          Map.of(),
          "unbundle",
          "-k",
          TestData.userKey().toString(),
          "-m",
          bundle.resolve("disk.img.manifest.xml").toString(),
          "-s",
          bundle.toString(),
          "-d",
          out.toString());

      assertEquals(umask.equals("022") ? "rw-------" : "r--------", mode(out.resolve("disk.img")));
    }
  }

  @Test
  void convertedFile_underUmask077_isReadableByItsOwnerOnly() throws IOException {
    Path target = work.resolve("converted.img");

    run(
        "077",
        Map.of(),
        "convert",
        "-m",
        TestData.referenceManifest("gptdisk").toString(),
        "-k",
        TestData.userKey().toString(),
        "-c",
        TestData.userCert().toString(),
        "--to",
        target.toString(),
        "--size",
        "48M");

    assertEquals("rw-------", mode(target));
  }

  @Test
  void downloadedAndUnbundledImage_underUmask077_isReadableByItsOwnerOnly() throws Exception {
    Path bundle = bundle();
    Path restored = work.resolve("restored.img");
    Map<String, String> secret = Map.of("AWS_SECRET_ACCESS_KEY", S3ProxyServer.SECRET_KEY);
    try (S3ProxyServer server = S3ProxyServer.start(Files.createDirectory(work.resolve("s3")))) {
      String url = server.endpoint().toString();
      CliRun uploaded =
          CliRun.withInput(
              new byte[0],
              secret,
              "upload-bundle",
              "-b",
              "amis/v1",
              "-m",
              bundle.resolve("disk.img.manifest.xml").toString(),
              "-a",
              S3ProxyServer.ACCESS_KEY,
              "--url",
              url,
              "--acl",
              "none");
      assertEquals(0, uploaded.exitCode(), uploaded.toString());

      run(
          "077",
          secret,
          "download-and-unbundle",
          "-b",
          "amis/v1",
          "-p",
          "disk.img",
          "-a",
          S3ProxyServer.ACCESS_KEY,
          "--url",
          url,
          "-k",
          TestData.userKey().toString(),
          "-o",
          restored.toString());
    }

    assertEquals("rw-------", mode(restored));
    assertArrayEquals(Files.readAllBytes(work.resolve("disk.img")), Files.readAllBytes(restored));
  }

  @Test
  void bundleVolImage_underUmask077_isReadableByItsOwnerOnly() throws IOException {
    Path volume = Files.createDirectories(work.resolve("volume/etc"));
    Files.writeString(volume.resolve("hostname"), "private\n");
    Path out = Files.createDirectory(work.resolve("vol-out"));

    run(
        "077",
        Map.of(),
        CliRun.cloneArgs(volume.getParent(), out, "-P", "none", "-s", "16", "--no-inherit"));

    assertEquals("rw-------", mode(out.resolve("image")));
  }

  /** A bundle of 3 MB of random data in {@code bundle}, made by the in-process command line. */
  private Path bundle() throws IOException {
    byte[] image = new byte[3_000_000];
    new Random(20).nextBytes(image);
    Files.write(work.resolve("disk.img"), image);
    return CliRun.bundleImage(work.resolve("disk.img"), TestData.ec2Cert());
  }

  /** Runs the distribution under {@code umask}; fails the test unless it exits 0. */
  private void run(String umask, Map<String, String> environment, String... args)
      throws IOException {
    List<String> command =
        new ArrayList<>(
            List.of("sh", "-c", "umask " + umask + " && exec \"$0\" \"$@\"", AMIBUNDLE.toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(work.toFile())
            .redirectErrorStream(true)
            .redirectOutput(work.resolve("run.out").toFile());
    builder.environment().put("AWS_EC2_METADATA_DISABLED", "true");
    builder.environment().putAll(environment);
    try {
      int exit = builder.start().waitFor();
      assertEquals(0, exit, Files.readString(work.resolve("run.out")));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  private static String mode(Path file) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
  }
}
