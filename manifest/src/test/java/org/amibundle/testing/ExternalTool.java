package org.amibundle.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs a real peer tool (GNU tar, gzip, openssl, sgdisk ...) for a test. Commands are argument
 * lists, never shell strings, unless the test asks for {@code bash -c} explicitly.
 */
public final class ExternalTool {

  /** What a finished command printed. */
  public record Result(int exitCode, byte[] stdout, String stderr) {
    public String stdoutText() {
      return new String(stdout, StandardCharsets.UTF_8);
    }

    /** Fails unless the command exited 0; the message carries stderr. */
    public Result orFail() {
      if (exitCode != 0) {
        throw new AssertionError("command failed with exit " + exitCode + ": " + stderr);
      }
      return this;
    }
  }

  private ExternalTool() {}

  public static Result run(Path workDir, String... command) {
    return run(workDir, null, List.of(command));
  }

  /** Runs {@code command} in {@code workDir}; {@code stdin} (may be null) is fed to it. */
  public static Result run(Path workDir, byte[] stdin, List<String> command) {
    ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command));
    if (workDir != null) {
      builder.directory(workDir.toFile());
    }
    return run(builder, stdin, command);
  }

  /**
   * Runs {@code command} in {@code workDir} with this process's environment less every {@code
   * AWS_*} variable and {@code HOME}, plus {@code environment}: the AWS setup is the test's alone.
   */
  public static Result runWith(
      Path workDir, Map<String, String> environment, List<String> command) {
    ProcessBuilder builder =
        new ProcessBuilder(new ArrayList<>(command)).directory(workDir.toFile());
    builder.environment().keySet().removeIf(name -> name.startsWith("AWS_") || name.equals("HOME"));
    builder.environment().putAll(environment);
    return run(builder, null, command);
  }

  private static Result run(ProcessBuilder builder, byte[] stdin, List<String> command) {
    try {
      Process process = builder.start();
      CompletableFuture<byte[]> out = drain(process.getInputStream());
      CompletableFuture<byte[]> err = drain(process.getErrorStream());
      try (var in = process.getOutputStream()) {
        if (stdin != null) {
          in.write(stdin);
        }
      }
      if (!process.waitFor(10, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new AssertionError("command timed out: " + command);
      }
      return new Result(
          process.exitValue(), out.join(), new String(err.join(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("could not run " + command, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted running " + command, e);
    }
  }

  /** Runs a bash script (for pipelines of peer tools); fails the test if it exits non-zero. */
  public static Result bash(Path workDir, String script) {
    return run(workDir, null, List.of("bash", "-euo", "pipefail", "-c", script)).orFail();
  }

  private static CompletableFuture<byte[]> drain(InputStream stream) {
    return CompletableFuture.supplyAsync(
        () -> {
          try (stream) {
            return stream.readAllBytes();
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
  }
}
