package org.amibundle.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.amibundle.testing.TestData;

/** One in-process run of the command line: exit code, standard output and standard error. */
record CliRun(int exitCode, byte[] stdout, String stderr) {

  static CliRun of(String... args) {
    return withInput(new byte[0], Map.of(), args);
  }

  static CliRun withInput(byte[] stdin, Map<String, String> environment, String... args) {
    return run(stdin, environment, false, args);
  }

  /** A run whose standard error is a console, where progress is shown. */
  static CliRun onConsole(String... args) {
    return run(new byte[0], Map.of(), true, args);
  }

  private static CliRun run(
      byte[] stdin, Map<String, String> environment, boolean console, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Terminal terminal =
        new Terminal(
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            new ByteArrayInputStream(stdin),
            environment,
            console);
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
    CliRun bundled = of(bundleImageArgs(image, bundle, ec2Cert, "--batch"));
    if (bundled.exitCode() != 0) {
      throw new AssertionError("bundle-image failed: " + bundled);
    }
    return bundle;
  }

  /** bundle-vol cloning {@code volume} into an image in {@code out} (--clone-only), then extra. */
  static String[] cloneArgs(Path volume, Path out, String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of("bundle-vol", "-v", volume.toString(), "-d", out.toString(), "--clone-only"));
    args.addAll(List.of(extra));
    return args.toArray(String[]::new);
  }

  /**
   * bundle-image of {@code image} into {@code bundle}, the test user's keys, then {@code extra}.
   */
  static String[] bundleImageArgs(Path image, Path bundle, Path ec2Cert, String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "bundle-image",
                "-c",
                TestData.userCert().toString(),
                "-k",
                TestData.userKey().toString(),
                "-u",
                "111122223333",
                "-i",
                image.toString(),
                "-d",
                bundle.toString(),
                "-r",
                "x86_64",
                "--ec2cert",
                ec2Cert.toString()));
    args.addAll(List.of(extra));
    return args.toArray(String[]::new);
  }

  String out() {
    return new String(stdout, StandardCharsets.UTF_8);
  }

  /** Standard output read back as the one JSON object of --json, on a line of its own. */
  JsonNode json() throws IOException {
    if (!out().endsWith("\n") || out().lines().count() != 1) {
      throw new AssertionError("not one line of JSON: " + this);
    }
    JsonNode node = new ObjectMapper().readTree(out());
    if (!node.isObject()) {
      throw new AssertionError("not a JSON object: " + this);
    }
    return node;
  }

  @Override
  public String toString() {
    return "exit " + exitCode + "\nstdout: " + out() + "\nstderr: " + stderr;
  }
}
