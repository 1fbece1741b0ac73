package org.amibundle.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.amibundle.manifest.ManifestReader;
import org.amibundle.testing.TestData;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commands against attacked bundles (issue 20, rows 3 and 7): signatures checked by default,
 * images named by the signed manifest, oversized manifests and Java errors told in one line.
 */
class VerifiedAndBoundedCommandsTest {

  private static final byte[] ORIGINAL = "alias ll='ls -l'\n".getBytes(StandardCharsets.US_ASCII);

  @TempDir Path work;
  private byte[] image;
  private Path bundle;
  private Path out;

  @BeforeEach
  void bundleAnImage() throws IOException {
    image = new byte[300_000];
    new Random(20).nextBytes(image);
    Files.write(work.resolve("app.img"), image);
    bundle = CliRun.bundleImage(work.resolve("app.img"), TestData.ec2Cert());
    out = Files.createDirectory(work.resolve("out"));
  }

  private Path manifest() {
    return bundle.resolve("app.img.manifest.xml");
  }

  /** The manifest without its signature element, its image renamed to {@code name}. */
  private void unsignAndRename(String name) throws IOException {
    String raw = Files.readString(manifest(), StandardCharsets.UTF_8);
    String unsigned =
        raw.replaceAll("<signature>[0-9a-f]+</signature>", "")
            .replace("<name>app.img</name>", "<name>" + name + "</name>");
    assertFalse(unsigned.contains("<signature>"));
    Files.writeString(manifest(), unsigned, StandardCharsets.UTF_8);
  }

  private CliRun unbundle(String key, String... extra) {
    List<String> args =
        new java.util.ArrayList<>(
            List.of(
                "unbundle",
                "-k",
                key,
                "-m",
                manifest().toString(),
                "-s",
                bundle.toString(),
                "-d",
                out.toString()));
    args.addAll(List.of(extra));
    return CliRun.of(args.toArray(String[]::new));
  }

  private List<String> outputFiles() throws IOException {
    try (Stream<Path> files = Files.list(out)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void anUnsignedBundleNamedDotBashrc_isRefusedByUnbundle_andTheUsersBashrcIsUntouched()
      throws IOException {
    Files.write(out.resolve(".bashrc"), ORIGINAL);
    unsignAndRename(".bashrc");

    CliRun run = unbundle(TestData.userKey().toString());

    assertEquals(254, run.exitCode(), run.toString());
    assertTrue(run.stderr().startsWith("ERROR: manifest has no signature element"), run.stderr());
    assertTrue(run.stderr().contains("--no-verify-signature"), run.stderr());
    assertArrayEquals(ORIGINAL, Files.readAllBytes(out.resolve(".bashrc")));
    assertEquals(List.of(".bashrc"), outputFiles());
  }

  @Test
  void anUnsignedBundleNamedDotBashrc_withNoVerifySignature_isStillNotWrittenUnderThatName()
      throws IOException {
    Files.write(out.resolve(".bashrc"), ORIGINAL);
    unsignAndRename(".bashrc");

    CliRun run = unbundle(TestData.userKey().toString(), "--no-verify-signature");

    assertEquals(254, run.exitCode(), run.toString());
    assertTrue(run.stderr().contains("the manifest names the image '.bashrc'"), run.stderr());
    assertArrayEquals(ORIGINAL, Files.readAllBytes(out.resolve(".bashrc")));
    assertEquals(List.of(".bashrc"), outputFiles());
  }

  @Test
  void
      anUnsignedBundleRenamedInItsManifest_withNoVerifySignature_isWrittenUnderTheManifestsName_withANote()
          throws IOException {
    unsignAndRename("renamed.img");

    CliRun run = unbundle(TestData.userKey().toString(), "--no-verify-signature");

    assertEquals(0, run.exitCode(), run.toString());
    assertEquals(List.of("renamed.img"), outputFiles());
    assertArrayEquals(image, Files.readAllBytes(out.resolve("renamed.img")));
    assertTrue(
        run.stderr()
            .contains(
                "NOTE: the bundle's tar member is named 'app.img' but its"
                    + " manifest names the image 'renamed.img'"),
        run.stderr());
    assertFalse(run.out().contains("Manifest signature verified."), run.out());
  }

  @Test
  void unbundle_checksTheSignatureWithTheUsersKey_withoutBeingAsked() throws IOException {
    CliRun run = unbundle(TestData.userKey().toString());

    assertEquals(0, run.exitCode(), run.toString());
    assertTrue(run.out().contains("Manifest signature verified."), run.out());
    assertEquals("", run.stderr());
    assertArrayEquals(image, Files.readAllBytes(out.resolve("app.img")));
  }

  @Test
  void unbundleWithEc2sKey_isRefusedInOneLineNamingTheWayOut_thenRestoresWithTheCertificate()
      throws IOException {
    CliRun refused = unbundle(TestData.ec2Key().toString());

    assertEquals(254, refused.exitCode(), refused.toString());
    assertEquals(
        "ERROR: the manifest signature cannot be checked with the private key: it opens only"
            + " EC2's copy of the bundle's key, so it is not the user key that signed the manifest"
            + " (or the manifest was made to look so). Check it with the signer's certificate"
            + " (-c/--cert), or, for a bundle you trust, skip the check (--no-verify-signature)"
            + System.lineSeparator(),
        refused.stderr());
    assertFalse(Files.exists(out.resolve("app.img")));

    CliRun checked = unbundle(TestData.ec2Key().toString(), "-c", TestData.userCert().toString());

    assertEquals(0, checked.exitCode(), checked.toString());
    assertTrue(checked.out().contains("Manifest signature verified."), checked.out());
    assertArrayEquals(image, Files.readAllBytes(out.resolve("app.img")));
  }

  @Test
  void noVerifySignatureWithACertificate_isAUsageError() {
    CliRun run =
        unbundle(
            TestData.userKey().toString(),
            "--no-verify-signature",
            "-c",
            TestData.userCert().toString());

    assertEquals(1, run.exitCode(), run.toString());
    assertTrue(run.stderr().contains("--no-verify-signature skips"), run.stderr());
  }

  @Test
  void verifyBundleWithTheUsersKey_checksTheSignatureWithoutACertificate() {
    CliRun run =
        CliRun.of(
            "verify-bundle", "-m", manifest().toString(), "-k", TestData.userKey().toString());

    assertEquals(0, run.exitCode(), run.toString());
    assertTrue(
        run.out().contains("OK      signature: the manifest is signed by the private key"),
        run.out());
    assertFalse(run.out().contains("SKIPPED signature"), run.out());
  }

  @Test
  void verifyBundleOfAnUnsignedBundle_withTheUsersKey_fails() throws IOException {
    unsignAndRename("app.img");

    CliRun run =
        CliRun.of(
            "verify-bundle", "-m", manifest().toString(), "-k", TestData.userKey().toString());

    assertEquals(254, run.exitCode(), run.toString());
    assertTrue(
        run.out().contains("FAILED  signature: manifest has no signature element"), run.out());
  }

  @Test
  void verifyBundleWithEc2sKey_saysTheSignatureCannotBeChecked() {
    CliRun run =
        CliRun.of("verify-bundle", "-m", manifest().toString(), "-k", TestData.ec2Key().toString());

    assertEquals(0, run.exitCode(), run.toString());
    assertTrue(
        run.out().contains("SKIPPED signature: the private key opens only EC2's copy"), run.out());
  }

  @Test
  void convertOfAnUnsignedBundle_isRefusedByDefault_andNoTargetAppears() throws IOException {
    unsignAndRename("app.img");
    Path target = out.resolve("disk.img");

    CliRun run =
        CliRun.of(
            "convert",
            "-m",
            manifest().toString(),
            "-k",
            TestData.userKey().toString(),
            "--to",
            target.toString());

    assertEquals(254, run.exitCode(), run.toString());
    assertTrue(run.stderr().contains("no signature element"), run.stderr());
    assertEquals(List.of(), outputFiles());
  }

  @Test
  void aManifestOf64MiBAndOneByte_isRefusedByUnbundle_inOneLine() throws IOException {
    try (RandomAccessFile file = new RandomAccessFile(manifest().toFile(), "rw")) {
      file.setLength(ManifestReader.MAX_BYTES + 1L);
    }

    CliRun run = unbundle(TestData.userKey().toString());

    assertEquals(254, run.exitCode(), run.toString());
    assertEquals(1, run.stderr().lines().count(), run.stderr());
    assertTrue(run.stderr().contains("a manifest is at most 67108864 bytes"), run.stderr());
    assertEquals(List.of(), outputFiles());
  }

  @Test
  void anErrorInsideACommand_isOneLine_exit254_withoutAStackTrace() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream failingOut =
        new PrintStream(OutputStream.nullOutputStream()) {
          @Override
          public void println(String line) {
            throw new OutOfMemoryError("Java heap space");
          }
        };
    Terminal terminal =
        new Terminal(
            failingOut,
            new PrintStream(err, true, StandardCharsets.UTF_8),
            new ByteArrayInputStream(new byte[0]),
            Map.of());

    int code = Main.run(terminal, "version");

    String stderr = err.toString(StandardCharsets.UTF_8);
    assertEquals(254, code, stderr);
    assertEquals(1, stderr.lines().count(), stderr);
    assertTrue(
        stderr.startsWith("ERROR: the command stopped (OutOfMemoryError: Java heap space)"),
        stderr);
  }
}
