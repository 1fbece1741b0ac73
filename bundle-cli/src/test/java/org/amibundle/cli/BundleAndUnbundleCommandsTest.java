package org.amibundle.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.amibundle.manifest.ManifestReader;
import org.amibundle.manifest.keys.AesKeyIv;
import org.amibundle.manifest.keys.BundleKeys;
import org.amibundle.manifest.keys.PemFiles;
import org.amibundle.manifest.keys.Rsa;
import org.amibundle.testing.TestData;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commands end to end, in process: flags, messages, exit codes, secrets kept out of output. */
class BundleAndUnbundleCommandsTest {

  @TempDir Path work;
  private Path image;
  private byte[] imageBytes;
  private Path bundleDir;

  @BeforeEach
  void setUp() throws IOException {
    imageBytes = new byte[700_000];
    new Random(5).nextBytes(imageBytes);
    image = Files.write(work.resolve("web.img"), imageBytes);
    bundleDir = Files.createDirectory(work.resolve("bundle"));
  }

  private List<String> bundleArgs(String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "bundle-image",
                "-c",
                TestData.userCert().toString(),
                "-k",
                TestData.userKey().toString(),
                "-u",
                "1111-2222-3333",
                "-i",
                image.toString(),
                "-d",
                bundleDir.toString(),
                "-r",
                "x86_64",
                "--ec2cert",
                TestData.ec2Cert().toString(),
                "--batch"));
    args.addAll(List.of(extra));
    return args;
  }

  /** The standard arguments with one option's value replaced. */
  private List<String> bundleArgsWith(String option, String value) {
    List<String> args = bundleArgs();
    args.set(args.indexOf(option) + 1, value);
    return args;
  }

  private CliRun bundle(String... extra) {
    return CliRun.of(bundleArgs(extra).toArray(String[]::new));
  }

  @Test
  void bundleImage_thenUnbundle_restoresTheImage() throws IOException {
    CliRun bundled =
        bundle(
            "--kernel", "aki-12345678", "-B", "ami=sda1,root=/dev/sda1", "--productcodes", "A1,B2");
    assertEquals(0, bundled.exitCode(), bundled.toString());
    Path manifest = bundleDir.resolve("web.img.manifest.xml");
    assertTrue(bundled.out().contains("Bundle manifest is " + manifest), bundled.out());
    var parsed = ManifestReader.read(manifest).manifest();
    assertEquals("111122223333", parsed.image().user());
    assertEquals(List.of("A1", "B2"), parsed.machineConfiguration().productCodes());
    assertEquals("aki-12345678", parsed.machineConfiguration().kernelId().orElseThrow());

    Path out = Files.createDirectory(work.resolve("out"));
    CliRun unbundled =
        CliRun.of(
            "unbundle",
            "-k",
            TestData.userKey().toString(),
            "-m",
            manifest.toString(),
            "-s",
            bundleDir.toString(),
            "-d",
            out.toString(),
            "-c",
            TestData.userCert().toString());
    assertEquals(0, unbundled.exitCode(), unbundled.toString());
    assertTrue(unbundled.out().contains("Unbundle complete."));
    assertTrue(unbundled.out().contains("Manifest signature verified."));
    assertArrayEquals(imageBytes, Files.readAllBytes(out.resolve("web.img")));
  }

  @Test
  void imageFromStdin_andUnbundleStream_toStdout() throws IOException {
    CliRun bundled =
        CliRun.withInput(
            imageBytes,
            Map.of(),
            withExtra(
                bundleArgsWith("-i", "-"),
                "--image-size",
                String.valueOf(imageBytes.length),
                "-p",
                "piped"));
    assertEquals(0, bundled.exitCode(), bundled.toString());

    byte[] parts = Files.readAllBytes(bundleDir.resolve("piped.part.0"));
    CliRun restored =
        CliRun.withInput(
            parts,
            Map.of(),
            "unbundle",
            "-k",
            TestData.userKey().toString(),
            "-m",
            bundleDir.resolve("piped.manifest.xml").toString(),
            "--stream");
    assertEquals(0, restored.exitCode(), restored.toString());
    assertArrayEquals(imageBytes, restored.stdout());
    assertTrue(restored.stderr().contains("Unbundle complete."));
  }

  @Test
  void debugOutput_neverShowsTheAesKeyOrThePrivateKey() throws IOException {
    CliRun bundled = bundle("--debug");
    Path manifest = bundleDir.resolve("web.img.manifest.xml");
    CliRun unbundled =
        CliRun.of(
            "unbundle",
            "--debug",
            "-k",
            TestData.userKey().toString(),
            "-m",
            manifest.toString(),
            "-s",
            bundleDir.toString(),
            "-d",
            Files.createDirectory(work.resolve("o")).toString());
    AesKeyIv secret =
        BundleKeys.unwrap(
            ManifestReader.read(manifest).manifest().image().keys(),
            PemFiles.readPrivateKey(TestData.userKey()),
            Rsa.JCE);
    String everything = bundled + "\n" + unbundled;

    assertFalse(everything.contains(secret.key().revealHex()));
    assertFalse(everything.contains(secret.iv().revealHex()));
    assertFalse(
        everything.contains(HexFormat.of().withUpperCase().formatHex(secret.key().revealBytes())));
    String keyPem = Files.readString(TestData.userKey());
    assertFalse(everything.contains(keyPem.lines().skip(1).findFirst().orElseThrow()));
  }

  private static String[] withExtra(List<String> args, String... extra) {
    List<String> all = new ArrayList<>(args);
    all.addAll(List.of(extra));
    return all.toArray(String[]::new);
  }

  @Test
  void missingMandatoryOption_exits1_pointingAtTheCommandsHelp() {
    CliRun run = CliRun.of("bundle-image", "-i", image.toString());
    assertEquals(1, run.exitCode());
    assertTrue(run.stderr().contains("Try 'amibundle bundle-image --help'"), run.stderr());
  }

  @Test
  void strayArgument_isRefused() {
    CliRun run = CliRun.of(bundleArgs("leftover").toArray(String[]::new));
    assertEquals(1, run.exitCode(), run.toString());
  }

  @Test
  void abbreviatedLongOptions_areAccepted_asRubysOptionParserAccepts() throws IOException {
    CliRun run =
        CliRun.of(
            "bundle-image",
            "--cert",
            TestData.userCert().toString(),
            "--privatek",
            TestData.userKey().toString(),
            "--user",
            "111122223333",
            "--image",
            image.toString(),
            "--dest",
            bundleDir.toString(),
            "--arch",
            "i386",
            "--ec2c",
            TestData.ec2Cert().toString(),
            "--batch");
    assertEquals(0, run.exitCode(), run.toString());
    assertEquals(
        "i386",
        ManifestReader.read(bundleDir.resolve("web.img.manifest.xml"))
            .manifest()
            .machineConfiguration()
            .architecture());
  }

  @Test
  void missingImage_exits2() {
    CliRun run =
        CliRun.of(
            bundleArgsWith("-i", work.resolve("absent.img").toString()).toArray(String[]::new));
    assertEquals(2, run.exitCode(), run.toString());
    assertTrue(run.stderr().startsWith("ERROR: "), run.stderr());
  }

  @Test
  void noEc2Certificate_exits1_namingTheOption() {
    List<String> args = bundleArgs();
    int at = args.indexOf("--ec2cert");
    args.remove(at + 1);
    args.remove(at);
    CliRun run =
        CliRun.withInput(
            new byte[0], Map.of("EC2_AMITOOL_HOME", work.toString()), args.toArray(String[]::new));
    assertEquals(1, run.exitCode(), run.toString());
    assertTrue(run.stderr().contains("--ec2cert"), run.stderr());
  }

  @Test
  void ec2CertificateFromEc2AmitoolHome_isUsed() throws IOException {
    Path certDir = Files.createDirectories(work.resolve("home/etc/ec2/amitools"));
    Files.copy(TestData.ec2Cert(), certDir.resolve("cert-ec2.pem"));
    List<String> args = bundleArgs();
    int at = args.indexOf("--ec2cert");
    args.remove(at + 1);
    args.remove(at);
    CliRun run =
        CliRun.withInput(
            new byte[0],
            Map.of("EC2_AMITOOL_HOME", work.resolve("home").toString()),
            args.toArray(String[]::new));
    assertEquals(0, run.exitCode(), run.toString());
  }

  @Test
  void wrongPrivateKey_exits254_withAClearMessage() throws IOException {
    assertEquals(0, bundle().exitCode());
    CliRun run =
        CliRun.of(
            "unbundle",
            "-k",
            TestData.ec2Cert().toString(),
            "-m",
            bundleDir.resolve("web.img.manifest.xml").toString(),
            "-s",
            bundleDir.toString(),
            "-d",
            work.toString());
    assertEquals(254, run.exitCode(), run.toString());
    assertTrue(run.stderr().startsWith("ERROR: "), run.stderr());
  }

  @Test
  void damagedPart_exits254_namingThePart() throws IOException {
    assertEquals(0, bundle().exitCode());
    Path part = bundleDir.resolve("web.img.part.0");
    byte[] bytes = Files.readAllBytes(part);
    bytes[7] ^= 0x40;
    Files.write(part, bytes);
    Path out = Files.createDirectory(work.resolve("out"));
    CliRun run =
        CliRun.of(
            "unbundle",
            "-k",
            TestData.userKey().toString(),
            "-m",
            bundleDir.resolve("web.img.manifest.xml").toString(),
            "-s",
            bundleDir.toString(),
            "-d",
            out.toString());
    assertEquals(254, run.exitCode(), run.toString());
    assertTrue(run.stderr().contains("web.img.part.0"), run.stderr());
    try (var files = Files.list(out)) {
      assertEquals(0, files.count());
    }
  }

  @Test
  void badBlockDeviceMapping_exits1() {
    CliRun run = CliRun.of(bundleArgs("-B", "ami").toArray(String[]::new));
    assertEquals(1, run.exitCode(), run.toString());
    assertTrue(run.stderr().contains("VIRTUAL=DEVICE"), run.stderr());
  }

  @Test
  void accessKeyAsUser_exits1_sayingItMustBeTheAccountNumber() {
    CliRun run = CliRun.of(bundleArgsWith("-u", "AKIAIOSFODNN7EXAMPLE").toArray(String[]::new));
    assertEquals(1, run.exitCode(), run.toString());
    assertTrue(run.stderr().contains("access key"), run.stderr());
  }
}
