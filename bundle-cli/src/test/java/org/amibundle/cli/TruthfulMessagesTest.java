package org.amibundle.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.amibundle.testing.ExternalTool;
import org.amibundle.testing.TestData;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The attacks on messages: each failure is told as what it is (read-only filesystem, not a regular
 * file), and a name holding a newline or an escape sequence cannot print a line of its own. See
 * {@code TruthfulMessagesIT} for permission denied, which needs a user other than root.
 */
class TruthfulMessagesTest {

  @TempDir Path work;
  private Path bundle;

  @BeforeEach
  void bundleAnImage() throws IOException {
    byte[] image = new byte[1_000_000];
    new Random(12).nextBytes(image);
    bundle = CliRun.bundleImage(Files.write(work.resolve("disk.img"), image), TestData.ec2Cert());
  }

  private CliRun unbundle(Path manifest, Path destination) {
    return CliRun.of(
        "unbundle",
        "-k",
        TestData.userKey().toString(),
        "-m",
        manifest.toString(),
        "-s",
        bundle.toString(),
        "-d",
        destination.toString());
  }

  @Test
  void unbundleOntoAReadOnlyFilesystem_saysReadOnly_notFreeSomeSpace() {
    Path readOnly = work.resolve("ro");
    ExternalTool.run(null, "mkdir", readOnly.toString()).orFail();
    ExternalTool.run(
            null, "mount", "-t", "tmpfs", "-o", "ro,size=64m", "tmpfs", readOnly.toString())
        .orFail();
    try {
      CliRun run = unbundle(bundle.resolve("disk.img.manifest.xml"), readOnly);

      assertEquals(254, run.exitCode(), run.toString());
      assertTrue(run.stderr().contains("is read-only"), run.stderr());
      assertFalse(run.stderr().contains("free some space"), run.stderr());
    } finally {
      ExternalTool.run(null, "umount", readOnly.toString()).orFail();
    }
  }

  @Test
  void fifoGivenAsAPart_isNotARegularFile_notMissing_andNothingWaitsOnIt() throws IOException {
    Path part = bundle.resolve("disk.img.part.0");
    Files.delete(part);
    ExternalTool.run(null, "mkfifo", part.toString()).orFail();

    CliRun run =
        assertTimeoutPreemptively(
            Duration.ofSeconds(30),
            () ->
                unbundle(
                    bundle.resolve("disk.img.manifest.xml"),
                    Files.createDirectory(work.resolve("out"))));

    assertEquals(254, run.exitCode(), run.toString());
    assertTrue(
        run.stderr()
            .contains(
                "part disk.img.part.0 in "
                    + bundle.toRealPath()
                    + " is a FIFO, socket or device, not a regular file"),
        run.stderr());
    assertFalse(run.stderr().contains("missing"), run.stderr());
  }

  @Test
  void directoryGivenAsAPart_isNotARegularFile_notMissing() throws IOException {
    Path part = bundle.resolve("disk.img.part.0");
    Files.delete(part);
    Files.createDirectory(part);

    CliRun run =
        unbundle(
            bundle.resolve("disk.img.manifest.xml"), Files.createDirectory(work.resolve("out")));

    assertEquals(254, run.exitCode(), run.toString());
    assertTrue(run.stderr().contains("is a directory, not a regular file"), run.stderr());
    assertFalse(run.stderr().contains("missing"), run.stderr());
  }

  @Test
  void newlineAndEscapeInAManifestPartName_areEscaped_noForgedLine() throws IOException {
    Path manifest = bundle.resolve("disk.img.manifest.xml");
    String xml = Files.readString(manifest, StandardCharsets.UTF_8);
    Path forged = bundle.resolve("forged.manifest.xml");
    Files.writeString(
        forged,
        xml.replace(
            "<filename>disk.img.part.0</filename>",
            "<filename>disk.img.part.0&#10;Unbundle complete.&#x202E;</filename>"));

    CliRun run = unbundle(forged, Files.createDirectory(work.resolve("out")));

    assertEquals(254, run.exitCode(), run.toString());
    List<String> lines = run.stderr().lines().toList();
    assertEquals(1, lines.size(), run.stderr());
    assertTrue(lines.get(0).startsWith("ERROR: "), run.stderr());
    assertTrue(lines.get(0).contains("disk.img.part.0\\nUnbundle complete.\\u202e"), run.stderr());
    assertEquals("", run.out());
  }

  @Test
  void bundleImageOfAFileNamedWithANewline_isRefusedOnOneLine() throws IOException {
    Path odd = Files.write(work.resolve("odd\nERROR: forged.img"), new byte[4096]);
    Path out = Files.createDirectory(work.resolve("odd-bundle"));

    CliRun run =
        CliRun.of(
            "bundle-image",
            "-c",
            TestData.userCert().toString(),
            "-k",
            TestData.userKey().toString(),
            "-u",
            "111122223333",
            "-i",
            odd.toString(),
            "-d",
            out.toString(),
            "-r",
            "x86_64",
            "--ec2cert",
            TestData.ec2Cert().toString(),
            "--batch");

    assertEquals(1, run.exitCode(), run.toString());
    assertTrue(
        run.stderr().lines().findFirst().orElseThrow().contains("got 'odd\\nERROR: forged.img'"),
        run.stderr());
    assertFalse(
        run.stderr().lines().anyMatch(line -> line.startsWith("ERROR: forged")), run.stderr());
    try (var left = Files.list(out)) {
      assertEquals(0, left.count(), "nothing written");
    }
  }

  @Test
  void controlCharactersInAFailureMessage_areEscapedLineByLine() {
    assertEquals("a\\x1b[2Jb\nsecond\\r line", Main.shown("a\u001b[2Jb\nsecond\r line"));
  }
}
