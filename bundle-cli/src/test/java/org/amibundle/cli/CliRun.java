package org.amibundle.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.amibundle.testing.TestData;

/** One in-process run of the command line: exit code, standard output and standard error. */
record CliRun(int exitCode, byte[] stdout, String stderr) {

  static CliRun of(String... args) {
    return withInput(new byte[0], Map.of(), args);
  }

  static CliRun withInput(byte[] stdin, Map<String, String> environment, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Terminal terminal =
        new Terminal(
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            new ByteArrayInputStream(stdin),
            environment);
    int code = Main.run(terminal, args);
    return new CliRun(code, out.toByteArray(), err.toString(StandardCharsets.UTF_8));
  }

  /**
   * Runs bundle-image on {@code image} into a new directory {@code bundle} beside it, signed with
   * the test user's keys, {@code ec2Cert} as EC2's certificate; fails unless it succeeds. Returns
   * the directory.
   */
  static Path bundleImage(Path image, Path ec2Cert) throws IOException {
    Path bundle = Files.createDirectory(image.resolveSibling("bundle"));
    CliRun bundled =
        of("bundle-image", "-c", TestData.userCert().toString(), "-k", TestData.userKey().toString(),
            "-u", "111122223333", "-i", image.toString(), "-d", bundle.toString(), "-r", "x86_64",
            "--ec2cert", ec2Cert.toString(), "--batch");
    if (bundled.exitCode() != 0) {
      throw new AssertionError("bundle-image failed: " + bundled);
    }
    return bundle;
  }

  String out() {
    return new String(stdout, StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return "exit " + exitCode + "\nstdout: " + out() + "\nstderr: " + stderr;
  }
}
