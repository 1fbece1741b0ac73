package org.amibundle.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.amibundle.bundle.s3.S3Clients;
import org.amibundle.bundle.testing.FaultProxy;
import org.amibundle.bundle.testing.FaultProxy.Fault;
import org.amibundle.bundle.testing.S3ProxyServer;
import org.amibundle.testing.ExternalTool;
import org.amibundle.testing.TestData;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Processes of the assembled distribution stopped half-way by SIGINT (Ctrl-C) or SIGTERM ({@code
 * kill}): each exits 130 or 143 with one line on standard error and leaves nothing in its
 * destination, not even a hidden work file; one killed outright (SIGKILL) leaves its work files,
 * which the next run in that destination removes. Each stop comes at a moment the test sees (a work
 * file in the destination, a part in S3, mke2fs running), not after a guessed delay.
 */
class StoppedRunsIT {

  private static final Path BIN = Path.of(System.getProperty("amibundle.distribution"), "bin");

  /** Random data takes a second or two to bundle, most of a second to unbundle. */
  private static final int SIZE = 256 << 20;

  private static final String BUCKET = "stopped";

  /**
   * A part PUT or GET held this long: an S3 transfer is under way for seconds. (The filesystem
   * backend of S3Proxy refuses the default canned ACL, aws-exec-read: the uploads give another.)
   */
  private static final Fault SLOW = new Fault.Delay(Duration.ofMillis(300));

  /** How a run is stopped: the signal, the exit code, the one line on standard error. */
  enum Stop {
    INT(130, "amibundle interrupted."),
    TERM(143, "amibundle terminated.");

    final int exitCode;
    final String line;

    Stop(int exitCode, String line) {
      this.exitCode = exitCode;
      this.line = line;
    }
  }

  @TempDir Path work;

  @BeforeEach
  void randomImage() throws IOException {
    Random random = new Random(5);
    byte[] chunk = new byte[1 << 20];
    try (OutputStream out = Files.newOutputStream(work.resolve("disk.img"))) {
      for (int i = 0; i < SIZE / chunk.length; i++) {
        random.nextBytes(chunk);
        out.write(chunk);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Stop.class)
  void bundleImageStoppedWhileItWritesParts_leavesNothingInItsDestination(Stop stop)
      throws Exception {
    Path bundle = Files.createDirectory(work.resolve("bundle"));
    Process process = start(bundleImage(), Map.of());

    stopWhen(process, stop, () -> stagedParts(bundle) > 0);

    assertEquals(List.of(), namesIn(bundle));
  }

  @ParameterizedTest
  @EnumSource(Stop.class)
  void bundleVolStoppedWhileMke2fsRuns_leavesNothingInItsDestination(Stop stop) throws Exception {
    Path volume = Files.createDirectory(work.resolve("volume"));
    Files.createLink(volume.resolve("data"), work.resolve("disk.img"));
    Path out = Files.createDirectory(work.resolve("out"));
    Process process =
        start(
            List.of(
                amibundle(),
                "bundle-vol",
                "-v",
                "volume",
                "-d",
                "out",
                "-p",
                "vol.img",
                "-P",
                "none",
                "--no-inherit",
                "-c",
                TestData.userCert().toString(),
                "-k",
                TestData.userKey().toString(),
                "-u",
                "111122223333",
                "-r",
                "x86_64",
                "--ec2cert",
                TestData.ec2Cert().toString(),
                "--batch"),
            Map.of());

    stopWhen(process, stop, () -> runs(process, "mke2fs"));

    assertEquals(List.of(), namesIn(out));
    assertEquals(List.of("data"), namesIn(volume));
  }

  @ParameterizedTest
  @EnumSource(Stop.class)
  void unbundleStoppedHalfWay_leavesNothingInItsDestination(Stop stop) throws Exception {
    stopReadingTheBundle(stop, ".amibundle-disk.img-", "unbundle", "-s", "bundle", "-d", "out");
  }

  @ParameterizedTest
  @EnumSource(Stop.class)
  void convertStoppedHalfWay_leavesNothingInItsDestination(Stop stop) throws Exception {
    stopReadingTheBundle(stop, ".amibundle-disk.raw-", "convert", "--to", "out/disk.raw");
  }

  /**
   * Runs {@code command} on the bundle of the image with {@code more} arguments, writing into
   * {@code work/out}; stops it once a work entry {@code workEntry}* is there.
   */
  private void stopReadingTheBundle(Stop stop, String workEntry, String command, String... more)
      throws Exception {
    bundleTheImage();
    Path out = Files.createDirectory(work.resolve("out"));
    List<String> line =
        new ArrayList<>(
            List.of(
                amibundle(),
                command,
                "-k",
                TestData.userKey().toString(),
                "-m",
                "bundle/disk.img.manifest.xml"));
    line.addAll(List.of(more));
    Process process = start(line, Map.of());

    stopWhen(process, stop, () -> holds(out, workEntry));

    assertEquals(List.of(), namesIn(out));
  }

  @ParameterizedTest
  @EnumSource(Stop.class)
  void bundleAndUploadStoppedHalfWay_leavesNoPartInS3(Stop stop) throws Exception {
    try (S3ProxyServer server = S3ProxyServer.start(Files.createDirectory(work.resolve("s3")));
        S3Client s3 = S3Clients.create(server.settings());
        FaultProxy slow = FaultProxy.start(server.endpoint())) {
      slow.onEvery("PUT", "/" + BUCKET + "/img/disk\\.img\\.part\\.\\d+", SLOW);
      List<String> command = new ArrayList<>(bundleImage());
      command.set(1, "bundle-and-upload");
      command.removeAll(List.of("-d", "bundle"));
      command.addAll(
          List.of(
              "-b",
              BUCKET + "/img",
              "-a",
              S3ProxyServer.ACCESS_KEY,
              "--url",
              slow.endpoint().toString(),
              "--acl",
              "public-read"));
      Process process = start(command, Map.of("AWS_SECRET_ACCESS_KEY", S3ProxyServer.SECRET_KEY));

      stopWhen(process, stop, () -> !keys(s3).isEmpty());

      assertEquals(Set.of(), keys(s3), "the parts uploaded before the stop are deleted");
    }
  }

  @ParameterizedTest
  @EnumSource(Stop.class)
  void downloadBundleStoppedHalfWay_leavesNothingInItsDestination(Stop stop) throws Exception {
    try (S3ProxyServer server = S3ProxyServer.start(Files.createDirectory(work.resolve("s3")));
        FaultProxy slow = FaultProxy.start(server.endpoint())) {
      Path bundle = bundleTheImage();
      CliRun upload =
          CliRun.of(
              "upload-bundle",
              "-b",
              BUCKET + "/img",
              "-m",
              bundle.resolve("disk.img.manifest.xml").toString(),
              "-a",
              S3ProxyServer.ACCESS_KEY,
              "-s",
              S3ProxyServer.SECRET_KEY,
              "--url",
              server.endpoint().toString(),
              "--acl",
              "public-read");
      assertEquals(0, upload.exitCode(), upload.toString());
      slow.onEvery("GET", "/" + BUCKET + "/img/disk\\.img\\.part\\.\\d+", SLOW);
      Path out = Files.createDirectory(work.resolve("out"));
      Process process =
          start(
              List.of(
                  amibundle(),
                  "download-bundle",
                  "-b",
                  BUCKET + "/img",
                  "-m",
                  "disk.img.manifest.xml",
                  "-d",
                  "out",
                  "-a",
                  S3ProxyServer.ACCESS_KEY,
                  "--url",
                  slow.endpoint().toString()),
              Map.of("AWS_SECRET_ACCESS_KEY", S3ProxyServer.SECRET_KEY));

      stopWhen(process, stop, () -> stagedParts(out) > 0);

      assertEquals(List.of(), namesIn(out));
    }
  }

  @Test
  void bundleImageKilledOutright_leavesItsStaging_whichTheNextRunRemoves() throws Exception {
    Path bundle = Files.createDirectory(work.resolve("bundle"));
    Process process = start(bundleImage(), Map.of());
    waitUntil(process, () -> stagedParts(bundle) > 0);
    process.destroyForcibly();
    assertEquals(128 + 9, process.waitFor(), "killed half-way, not finished");
    assertTrue(holds(bundle, ".amibundle-disk.img-"), "SIGKILL leaves the staging directory");

    ExternalTool.Result rerun = ExternalTool.run(work, null, bundleImage());

    assertEquals(0, rerun.exitCode(), rerun.stderr());
    List<String> names = namesIn(bundle);
    assertTrue(names.stream().noneMatch(name -> name.startsWith(".")), names.toString());
    assertTrue(names.contains("disk.img.manifest.xml"), names.toString());
  }

  private static String amibundle() {
    return BIN.resolve("amibundle").toString();
  }

  private static List<String> bundleImage() {
    List<String> command = new ArrayList<>();
    command.add(amibundle());
    command.addAll(
        List.of(
            CliRun.bundleImageArgs(
                Path.of("disk.img"), Path.of("bundle"), TestData.ec2Cert(), "--batch")));
    return command;
  }

  /** Bundles the image into {@code work/bundle}, to be unbundled, converted or uploaded. */
  private Path bundleTheImage() throws IOException {
    Path bundle = Files.createDirectory(work.resolve("bundle"));
    ExternalTool.Result bundled = ExternalTool.run(work, null, bundleImage());
    assertEquals(0, bundled.exitCode(), bundled.stderr());
    return bundle;
  }

  /**
   * Starts {@code command} with SIGINT and SIGTERM at their defaults: a shell starts a background
   * job with SIGINT ignored, and an ignored signal stays ignored across exec, where the JVM leaves
   * it so.
   */
  private Process start(List<String> command, Map<String, String> environment) throws IOException {
    List<String> withDefaults = new ArrayList<>(List.of("env", "--default-signal=INT,TERM"));
    withDefaults.addAll(command);
    ProcessBuilder builder =
        new ProcessBuilder(withDefaults)
            .directory(work.toFile())
            .redirectOutput(work.resolve("stopped.out").toFile())
            .redirectError(work.resolve("stopped.err").toFile());
    builder.environment().put("AWS_EC2_METADATA_DISABLED", "true");
    builder.environment().putAll(environment);
    return builder.start();
  }

  /**
   * Waits until {@code moment} holds while the run is under way, sends {@code stop}'s signal, and
   * checks its exit code and its one line on standard error.
   */
  private void stopWhen(Process process, Stop stop, BooleanSupplier moment) throws Exception {
    waitUntil(process, moment);
    ExternalTool.Result kill =
        ExternalTool.run(
            work, null, List.of("kill", "-" + stop.name(), Long.toString(process.pid())));
    assertEquals(0, kill.exitCode(), kill.stderr());
    assertTrue(process.waitFor(2, TimeUnit.MINUTES), "the stopped run ends");
    assertEquals(stop.exitCode, process.exitValue(), "stopped half-way, not finished");
    assertEquals(List.of(stop.line), ownLines(Files.readString(work.resolve("stopped.err"))));
  }

  /**
   * The lines of standard error but SLF4J's notice that it has no logger (printed by every S3
   * command of the distribution, stopped or not).
   */
  private static List<String> ownLines(String stderr) {
    return stderr.lines().filter(line -> !line.startsWith("SLF4J: ")).toList();
  }

  private void waitUntil(Process process, BooleanSupplier moment) throws Exception {
    while (!moment.getAsBoolean()) {
      if (!process.isAlive()) {
        throw new AssertionError(
            "the run ended before it was stopped: "
                + Files.readString(work.resolve("stopped.err")));
      }
      Thread.sleep(5);
    }
  }

  private static boolean holds(Path directory, String prefix) {
    return namesIn(directory).stream().anyMatch(name -> name.startsWith(prefix));
  }

  /** Files in the staging directories in {@code directory}: parts already written there. */
  private static long stagedParts(Path directory) {
    long count = 0;
    for (String name : namesIn(directory)) {
      Path entry = directory.resolve(name);
      if (name.startsWith(".amibundle-") && Files.isDirectory(entry)) {
        count += namesIn(entry).size();
      }
    }
    return count;
  }

  /** Whether a program named {@code name} runs below {@code process}. */
  private static boolean runs(Process process, String name) {
    return process
        .descendants()
        .anyMatch(child -> child.info().command().map(c -> c.endsWith("/" + name)).orElse(false));
  }

  private static Set<String> keys(S3Client s3) {
    Set<String> keys = new TreeSet<>();
    try {
      for (S3Object object :
          s3.listObjectsV2Paginator(b -> b.bucket(BUCKET).prefix("img/")).contents()) {
        if (!object.key().endsWith("/")) { // the filesystem backend may list its directories
          keys.add(object.key());
        }
      }
    } catch (NoSuchBucketException e) {
      // not created yet
    }
    return keys;
  }

  private static List<String> namesIn(Path directory) {
    List<String> names = new ArrayList<>();
    try (Stream<Path> files = Files.list(directory)) {
      files.forEach(file -> names.add(file.getFileName().toString()));
    } catch (IOException e) {
      return List.of(); // a staging directory removed while it was listed
    }
    names.sort(null);
    return names;
  }
}
