package org.amibundle.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.amibundle.testing.ExternalTool;
import org.amibundle.testing.TestData;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bundle-image and unbundle processes (the assembled distribution) stopped half-way with SIGTERM,
 * as {@code kill} stops them (Ctrl-C ends them through the same shutdown): nothing is left in the
 * destination, not even a hidden work file.
 */
class StoppedRunsIT {

  private static final Path BIN = Path.of(System.getProperty("amibundle.distribution"), "bin");
  /** Random data takes a second or two to bundle, most of a second to unbundle. */
  private static final int SIZE = 256 << 20;
  private static final int KILLED_BY_SIGTERM = 128 + 15;

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

  @Test
  void bundleImageStoppedHalfWay_leavesNothingInItsDestination() throws Exception {
    Path bundle = Files.createDirectory(work.resolve("bundle"));
    Process process = start(bundleImage());

    stopOnceItHolds(process, bundle, ".amibundle-disk.img-");

    assertEquals(List.of(), namesIn(bundle));
  }

  @Test
  void unbundleStoppedHalfWay_leavesNothingInItsDestination() throws Exception {
    Files.createDirectory(work.resolve("bundle"));
    ExternalTool.Result bundled = ExternalTool.run(work, null, bundleImage());
    assertEquals(0, bundled.exitCode(), bundled.stderr());
    Path out = Files.createDirectory(work.resolve("out"));
    Process process =
        start(List.of(BIN.resolve("amibundle").toString(), "unbundle", "-k",
            TestData.userKey().toString(), "-m", "bundle/disk.img.manifest.xml", "-s", "bundle",
            "-d", "out"));

    stopOnceItHolds(process, out, ".disk.img.");

    assertEquals(List.of(), namesIn(out));
  }

  private static List<String> bundleImage() {
    return List.of(BIN.resolve("amibundle").toString(), "bundle-image", "-c",
        TestData.userCert().toString(), "-k", TestData.userKey().toString(), "-u",
        "111122223333", "-i", "disk.img", "-d", "bundle", "-r", "x86_64", "--ec2cert",
        TestData.ec2Cert().toString(), "--batch");
  }

  private Process start(List<String> command) throws IOException {
    return new ProcessBuilder(command)
        .directory(work.toFile())
        .redirectOutput(work.resolve("stopped.out").toFile())
        .redirectError(work.resolve("stopped.err").toFile())
        .start();
  }

  /**
   * Waits until {@code directory} holds a name starting with {@code workFile} (the run is writing),
   * then sends SIGTERM, and checks that the signal ended it.
   */
  private void stopOnceItHolds(Process process, Path directory, String workFile)
      throws Exception {
    while (namesIn(directory).stream().noneMatch(name -> name.startsWith(workFile))) {
      if (!process.isAlive()) {
        throw new AssertionError("the run ended before it was stopped: "
            + Files.readString(work.resolve("stopped.err")));
      }
      Thread.sleep(5);
    }
    process.destroy(); // SIGTERM
    assertEquals(KILLED_BY_SIGTERM, process.waitFor(), "stopped half-way, not finished");
  }

  private static List<String> namesIn(Path directory) throws IOException {
    List<String> names = new ArrayList<>();
    try (Stream<Path> files = Files.list(directory)) {
      files.forEach(file -> names.add(file.getFileName().toString()));
    }
    return names;
  }
}
