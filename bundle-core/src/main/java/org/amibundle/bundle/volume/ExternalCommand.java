package org.amibundle.bundle.volume;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.amibundle.LocalIoException;

/**
 * Runs the e2fsprogs, tar and mount programs bundle-vol relies on. Arguments are lists, never a
 * shell line; no secret is ever among them (bundle-vol runs before any key exists).
 *
 * @param exitCode the program's exit status
 * @param stdout what it printed on standard output
 * @param stderr what it printed on standard error
 */
record ExternalCommand(int exitCode, String stdout, String stderr) {

  /** Runs {@code command} to its end; fails only when it cannot be started. */
  static ExternalCommand run(List<String> command) throws LocalIoException {
    return run(command, null);
  }

  /** Runs {@code command} with {@code workDir} as its working directory. */
  static ExternalCommand run(List<String> command, Path workDir) throws LocalIoException {
    ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command));
    if (workDir != null) {
      builder.directory(workDir.toFile());
    }
    builder.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
    try {
      Process process = builder.start();
      CompletableFuture<String> out = drain(process.getInputStream());
      CompletableFuture<String> err = drain(process.getErrorStream());
      int code = process.waitFor();
      return new ExternalCommand(code, out.join(), err.join());
    } catch (IOException e) {
      throw new LocalIoException(
          "could not run "
              + command.get(0)
              + ": "
              + e.getMessage()
              + "; install it (e2fsprogs, tar, mount) and try again",
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LocalIoException("interrupted while " + command.get(0) + " was running", e);
    }
  }

  /** Runs {@code command} and fails with its standard error unless it exits 0. */
  static ExternalCommand check(List<String> command, String what) throws LocalIoException {
    ExternalCommand result = run(command);
    if (result.exitCode() != 0) {
      throw new LocalIoException(
          what + ": " + command.get(0) + " exited " + result.exitCode() + ": " + result.stderr().strip());
    }
    return result;
  }

  /** Reads a process's output on another thread, so that it never blocks on a full pipe. */
  static CompletableFuture<String> drain(InputStream stream) {
    return CompletableFuture.supplyAsync(
        () -> {
          try (stream) {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
  }
}
