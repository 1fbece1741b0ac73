package org.amibundle.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;
import java.util.stream.Stream;
import org.amibundle.UsageException;
import org.amibundle.bundle.testing.S3ProxyServer;
import org.amibundle.testing.ExternalTool;
import org.amibundle.testing.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** convert on the golden bundles: what it prints, the AWS steps, exit codes of refusals. */
class ConvertCommandTest {

  private static final long MIB = 1 << 20;

  @TempDir Path work;

  private static CliRun convert(String bundle, Path target, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "convert",
                "-m",
                TestData.referenceManifest(bundle).toString(),
                "-k",
                TestData.userKey().toString(),
                "-c",
                TestData.userCert().toString(),
                "--to",
                target.toString()));
    args.addAll(List.of(more));
    return CliRun.of(args.toArray(String[]::new));
  }

  private Path sparse(String name, long size) throws Exception {
    Path file = work.resolve(name);
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.setLength(size);
    }
    return file;
  }

  @Test
  void gptdiskOntoALargerFile_saysWhatItDidAndHowToMakeAnAmi() throws Exception {
    Path target = sparse("disk.img", 64 * MIB);

    CliRun run = convert("gptdisk", target, "--grow");

    assertEquals(0, run.exitCode(), run.toString());
    String verify = ExternalTool.run(work, "sgdisk", "-v", target.toString()).stdoutText();
    assertTrue(verify.contains("No problems found"), verify);
    String out = run.out();
    assertTrue(out.contains("Manifest signature verified."), out);
    assertTrue(out.contains("Wrote image gptdisk (33554432 bytes"), out);
    assertTrue(out.contains("backup GPT header and entries moved to the end of the target"), out);
    assertTrue(
        out.contains("Grew partition 1 to the end of the target, and its ext filesystem"), out);
    assertTrue(
        out.contains(
            "aws ec2 import-snapshot --disk-container"
                + " 'Format=RAW,UserBucket={S3Bucket=BUCKET,S3Key=disk.img}'"),
        out);
    assertTrue(
        out.contains(
            "aws ec2 register-image --name 'gptdisk' --architecture x86_64"
                + " --root-device-name /dev/xvda --block-device-mappings"
                + " 'DeviceName=/dev/xvda,Ebs={SnapshotId=SNAPSHOT_ID,DeleteOnTermination=true}'"
                + " --virtualization-type hvm --ena-support"),
        out);
  }

  @Test
  void gptdiskFromS3_convertsWithNoLocalPart() throws Exception {
    Map<String, String> secret = Map.of("AWS_SECRET_ACCESS_KEY", S3ProxyServer.SECRET_KEY);
    Path target = sparse("disk.img", 48 * MIB);
    CliRun run;
    try (S3ProxyServer server = S3ProxyServer.start(Files.createDirectory(work.resolve("s3")))) {
      String url = server.endpoint().toString();
      CliRun uploaded =
          CliRun.withInput(
              new byte[0],
              secret,
              "upload-bundle",
              "-b",
              "amis/gpt",
              "-m",
              TestData.referenceManifest("gptdisk").toString(),
              "-a",
              S3ProxyServer.ACCESS_KEY,
              "--url",
              url,
              "--acl",
              "public-read");
      assertEquals(0, uploaded.exitCode(), uploaded.toString());

      run =
          CliRun.withInput(
              new byte[0],
              secret,
              "convert",
              "-b",
              "amis/gpt",
              "-m",
              "gptdisk.manifest.xml",
              "-a",
              S3ProxyServer.ACCESS_KEY,
              "--url",
              url,
              "-k",
              TestData.userKey().toString(),
              "--to",
              target.toString(),
              "--grow");
    }

    assertEquals(0, run.exitCode(), run.toString());
    String verify = ExternalTool.run(work, "sgdisk", "-v", target.toString()).stdoutText();
    assertTrue(verify.contains("No problems found"), verify);
    try (Stream<Path> files = Files.list(work)) {
      assertEquals(
          List.of("disk.img", "s3"),
          files.map(p -> p.getFileName().toString()).sorted().toList(),
          "no part stored");
    }
  }

  @Test
  void kernelBundleOntoADevice_registersAsParavirtualWithItsMappings() throws Exception {
    Path backing = sparse("device.img", MIB);
    String loop =
        ExternalTool.run(work, "losetup", "--find", "--show", backing.toString())
            .orFail()
            .stdoutText()
            .strip();
    CliRun run;
    try {
      run = convert("opts", Path.of(loop));
    } finally {
      ExternalTool.run(work, "losetup", "--detach", loop).orFail();
    }

    assertEquals(0, run.exitCode(), run.toString());
    String out = run.out();
    assertTrue(
        out.matches(
            "(?s).* bytes of holes \\(\\d+ zeroed by the device, \\d+ written as"
                + " zeros\\)\\..*"),
        out);
    assertTrue(out.contains("aws ec2 create-snapshot --volume-id VOLUME_ID"), out);
    assertTrue(
        out.contains(
            "--root-device-name /dev/sda1 --block-device-mappings"
                + " 'DeviceName=/dev/sda1,Ebs={SnapshotId=SNAPSHOT_ID,DeleteOnTermination=true}"
                + " DeviceName=/dev/sdb,VirtualName=ephemeral0' --virtualization-type paravirtual"
                + " --kernel-id aki-88aa75e1 --ramdisk-id ari-a51cf9cc"),
        out);
    assertFalse(out.contains("--ena-support"), out);
    String sha = ExternalTool.bash(work, "head -c 300000 device.img | sha256sum").stdoutText();
    String expected =
        Files.readAllLines(TestData.root().resolve("reference/images.sha256")).stream()
            .filter(line -> line.endsWith("opts.img"))
            .findFirst()
            .orElseThrow();
    assertEquals(expected.split("\\s+")[0], sha.split("\\s+")[0]);
  }

  @Test
  void nonEmptyTarget_exits1_andTooSmallExits254_bothUntouched() throws Exception {
    byte[] old = new byte[(int) (64 * MIB)];
    new Random(1).nextBytes(old);
    Path full = Files.write(work.resolve("full.img"), old);
    Path small = sparse("small.img", 16 * MIB);

    CliRun notEmpty = convert("gptdisk", full);
    CliRun tooSmall = convert("gptdisk", small);

    assertEquals(1, notEmpty.exitCode(), notEmpty.toString());
    assertTrue(notEmpty.stderr().contains("--force"), notEmpty.stderr());
    assertTrue(
        notEmpty
            .stderr()
            .endsWith(
                ": choose an empty target, or write over it with"
                    + " --force\nTry 'amibundle convert --help'\n"),
        notEmpty.stderr());
    assertArrayEquals(old, Files.readAllBytes(full));
    assertEquals(254, tooSmall.exitCode(), tooSmall.toString());
    assertTrue(
        tooSmall.stderr().contains("holds 16777216 bytes but the image needs 33554432"),
        tooSmall.stderr());
    assertEquals(16 * MIB, Files.size(small));
  }

  @Test
  void newFileOfAGivenSize() throws Exception {
    Path target = work.resolve("new.img");

    CliRun run = convert("gptdisk", target, "--size", "48M");

    assertEquals(0, run.exitCode(), run.toString());
    assertEquals(48 * MIB, Files.size(target));
    assertEquals(OptionalLong.of(8L << 30), ConvertCommand.parseSize("8GiB"));
    assertEquals(OptionalLong.of(1000), ConvertCommand.parseSize("1000"));
    assertEquals(1, convert("gptdisk", work.resolve("odd.img"), "--size", "1000").exitCode());
    try {
      ConvertCommand.parseSize("8 gigs");
      throw new AssertionError("parsed");
    } catch (UsageException expected) {
      assertTrue(expected.getMessage().contains("--size"));
    }
  }
}
