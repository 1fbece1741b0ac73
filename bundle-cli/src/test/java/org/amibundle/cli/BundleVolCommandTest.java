package org.amibundle.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.amibundle.manifest.ManifestReader;
import org.amibundle.testing.ExternalTool;
import org.amibundle.testing.TestData;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bundle-vol end to end, in process: the reference's messages, the image, the bundle. */
class BundleVolCommandTest {

  @TempDir Path work;
  private Path volume;
  private Path out;

  @BeforeEach
  void setUp() throws IOException {
    volume = Files.createDirectories(work.resolve("volume"));
    Files.createDirectories(volume.resolve("etc"));
    Files.writeString(volume.resolve("etc/fstab"), "LABEL=x / ext4 defaults 0 1\n");
    Files.createDirectories(volume.resolve("var/tmp"));
    Files.writeString(volume.resolve("var/tmp/scratch"), "scratch");
    Files.writeString(volume.resolve("hello.txt"), "hello\n");
    out = Files.createDirectories(work.resolve("out"));
  }

  @Test
  void cloneOnly_needsNoKeys_andPrintsTheReferenceLines() throws IOException {
    CliRun run =
        CliRun.of(
            CliRun.cloneArgs(
                volume, out, "-P", "gpt", "-s", "24", "-e", "var/tmp", "--no-inherit"));

    assertEquals(0, run.exitCode(), run.toString());
    Path image = out.resolve("image");
    List<String> lines = run.out().lines().toList();
    assertEquals("Copying " + volume + " into the image file " + image + "...", lines.get(0));
    assertEquals("Excluding: ", lines.get(1));
    assertTrue(lines.contains("\t " + volume.resolve("var/tmp")), run.out());
    assertTrue(lines.contains("\t " + image), run.out());
    assertEquals(
        List.of("Image file created: " + image, "Volume cloning done."),
        lines.subList(lines.size() - 2, lines.size()));
    assertEquals(24L << 20, Files.size(image));
    assertEquals(List.of("image"), names(out));
  }

  @Test
  void wordsAGlobAfterExcludeSpilled_areLeftOutToo_withANote() throws IOException {
    Files.writeString(volume.resolve("var/tmp/key.pem"), "-----BEGIN RSA PRIVATE KEY-----\n");
    CliRun run =
        CliRun.of(
            CliRun.cloneArgs(
                volume,
                out,
                "-P",
                "none",
                "-s",
                "24",
                "-e",
                "var/tmp/scratch",
                "var/tmp/key.pem",
                "hello.txt",
                "--no-inherit"));

    assertEquals(0, run.exitCode(), run.toString());
    List<String> lines = run.out().lines().toList();
    assertTrue(lines.contains("\t " + volume.resolve("var/tmp/key.pem")), run.out());
    assertTrue(lines.contains("\t " + volume.resolve("hello.txt")), run.out());
    assertEquals(
        "WARNING: also excluding var/tmp/key.pem, hello.txt: the words after -e's value"
            + " (a shell glob's expansion); give several exclusions as one list, -e DIR1,DIR2.\n",
        run.stderr());
    String listing =
        ExternalTool.run(work, "debugfs", "-R", "ls -p /var/tmp", out.resolve("image").toString())
            .stdoutText();
    assertTrue(!listing.contains("key.pem") && !listing.contains("scratch"), listing);
  }

  @Test
  void aLeftoverWordThatNamesNothing_orStandsElsewhere_isRefused() {
    CliRun afterExclude =
        CliRun.of(CliRun.cloneArgs(volume, out, "-e", "var/tmp", "no/such/path", "--no-inherit"));
    CliRun elsewhere =
        CliRun.of(
            "bundle-vol",
            "-v",
            volume.toString(),
            "hello.txt",
            "-d",
            out.toString(),
            "--clone-only",
            "--no-inherit");

    assertEquals(1, afterExclude.exitCode(), afterExclude.toString());
    assertTrue(
        afterExclude
            .stderr()
            .startsWith(
                "ERROR: unexpected argument 'no/such/path' after -e:"
                    + " it names nothing in the volume"),
        afterExclude.stderr());
    assertEquals(1, elsewhere.exitCode(), elsewhere.toString());
    assertTrue(
        elsewhere.stderr().startsWith("ERROR: unexpected argument 'hello.txt'"),
        elsewhere.stderr());
    assertEquals(List.of(), names(out));
  }

  @Test
  void onAConsole_theCloneShowsItsProgress_unlessBatch() throws IOException {
    byte[] noise = new byte[3 << 20];
    new Random(18).nextBytes(noise);
    Files.write(volume.resolve("noise.bin"), noise);
    String[] args =
        CliRun.cloneArgs(
            volume,
            out,
            "-P",
            "none",
            "--no-inherit",
            "--batch"); // unpartitioned: no boot loader warning
    CliRun batch = CliRun.onConsole(args);
    assertEquals(0, batch.exitCode(), batch.toString());
    assertEquals("", batch.stderr());

    Files.delete(out.resolve("image"));
    CliRun shown = CliRun.onConsole(Arrays.copyOf(args, args.length - 1));
    assertEquals(0, shown.exitCode(), shown.toString());
    // 3 MiB of noise and seven entries of a 4 KiB block each (4 directories, 3 small files)
    assertTrue(shown.stderr().startsWith("\r0.0/3.2 MB, "), shown.stderr());
    String last = shown.stderr().substring(shown.stderr().lastIndexOf('\r') + 1);
    assertTrue(last.matches("3\\.2/3\\.2 MB, .* left\\n"), shown.stderr());
  }

  @Test
  void cloneOnly_json_namesTheImage_andQuiet_printsNothing() throws IOException {
    String[] args =
        CliRun.cloneArgs(volume, out, "-P", "gpt", "-s", "24", "--no-inherit", "--json");
    CliRun run = CliRun.of(args);
    assertEquals(0, run.exitCode(), run.toString());
    Path image = Path.of(run.json().get("image").asText());
    assertEquals(out.resolve("image"), image);
    assertEquals(24L << 20, Files.size(image));

    Files.delete(image);
    args[args.length - 1] = "--quiet";
    CliRun quiet = CliRun.of(args);
    assertEquals(0, quiet.exitCode(), quiet.toString());
    assertEquals("", quiet.out() + quiet.stderr());
    assertEquals(24L << 20, Files.size(image));
  }

  @Test
  void bundleVol_offEc2_saysSo_thenBundlesAnImageThatUnbundlesByteExact() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    CliRun run =
        CliRun.withInput(
            new byte[0],
            Map.of("AWS_EC2_METADATA_SERVICE_ENDPOINT", "http://127.0.0.1:" + closedPort),
            "bundle-vol",
            "-v",
            volume.toString(),
            "-d",
            out.toString(),
            "-p",
            "vol",
            "-s",
            "20",
            "-P",
            "mbr",
            "--generate-fstab",
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
            "--batch");

    assertEquals(0, run.exitCode(), run.toString());
    assertTrue(run.out().contains("Not on EC2"), run.out());
    assertTrue(run.out().contains("/etc/fstab:\n# Default /etc/fstab\n"), run.out());
    assertTrue(run.out().contains("Volume cloning done.\nBundling image file "), run.out());
    assertTrue(run.out().endsWith("amibundle complete.\n"), run.out());
    assertTrue(run.stderr().contains("WARNING: the image has no boot loader"), run.stderr());
    Path manifest = out.resolve("vol.manifest.xml");
    assertEquals("vol", ManifestReader.read(manifest).manifest().image().name());

    Path restored = Files.createDirectories(work.resolve("restored"));
    CliRun unbundled =
        CliRun.of(
            "unbundle",
            "-k",
            TestData.userKey().toString(),
            "-m",
            manifest.toString(),
            "-s",
            out.toString(),
            "-d",
            restored.toString());
    assertEquals(0, unbundled.exitCode(), unbundled.toString());
    assertEquals(sha256(out.resolve("vol")), sha256(restored.resolve("vol")));
    ExternalTool.run(null, "e2fsck", "-fn", restored.resolve("vol") + "?offset=" + 63 * 512)
        .orFail();
  }

  @Test
  void keysAreRequired_unlessCloneOnly() {
    CliRun run =
        CliRun.of("bundle-vol", "-v", volume.toString(), "-d", out.toString(), "--no-inherit");

    assertEquals(1, run.exitCode(), run.toString());
    assertTrue(run.stderr().contains("Missing required options: '--cert=PATH'"), run.stderr());
    assertEquals(List.of(), names(out));
  }

  @Test
  void fstabAndGenerateFstab_exclude_eachOther() {
    CliRun run = CliRun.of("bundle-vol", "--clone-only", "--fstab", "x", "--generate-fstab");

    assertEquals(1, run.exitCode(), run.toString());
  }

  private static List<String> names(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      return new ArrayList<>(files.map(p -> p.getFileName().toString()).sorted().toList());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static String sha256(Path file) {
    return ExternalTool.run(null, "sha256sum", file.toString()).orFail().stdoutText().split(" ")[0];
  }
}
