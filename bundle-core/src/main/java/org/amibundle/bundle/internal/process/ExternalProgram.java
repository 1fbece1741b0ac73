package org.amibundle.bundle.internal.process;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.amibundle.LocalIoException;

/**
 * The one way amibundle runs a system program (e2fsprogs, tar, mount, blockdev, a bundle-vol
 * script): an argument list, never a shell line; standard input empty unless the caller feeds it;
 * standard output and error read on their own threads, so a full pipe never blocks the program; an
 * optional time limit, after which the program is ended.
 *
 * <p>Arguments never hold a secret: every user of the machine can read them ({@code ps}, {@code
 * /proc/PID/cmdline}), so no key, password or token is ever passed to a program, and none of the
 * programs run here needs one.
 *
 * <p>A stop (Ctrl-C, {@code kill}) ends the programs still running: the shutdown hook of every
 * {@link org.amibundle.bundle.internal.staging.WorkEntry} ends the process's children before it
 * removes the entry they may write in.
 *
 * @param command the program and its arguments
 * @param workDirectory where it runs; empty for this process's working directory
 * @param timeout how long it may run; empty for as long as its work takes (it grows with the data)
 * @param missing what to do when it cannot be started, e.g. "install e2fsprogs"
 */
public record ExternalProgram(
    List<String> command,
    Optional<Path> workDirectory,
    Optional<Duration> timeout,
    String missing) {

  /**
   * The time limit of a program that only looks at a device or attaches one (blkid, mount): one
   * that runs longer hangs on a stuck device.
   */
  public static final Duration QUICK = Duration.ofMinutes(2);

  /**
   * The directories convert and bundle-vol look in: system programs live in sbin, which a user's
   * PATH lacks on Debian.
   */
  private static final List<String> SYSTEM_DIRECTORIES =
      List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin", "/usr/local/sbin", "/usr/local/bin");

  private static final long STOP_GRACE_SECONDS = 2;
  private static final File NO_INPUT = new File("/dev/null");

  public ExternalProgram {
    command = List.copyOf(command);
  }

  /** {@code command}, run as long as it takes in this process's working directory. */
  public static ExternalProgram of(List<String> command, String missing) {
    return new ExternalProgram(command, Optional.empty(), Optional.empty(), missing);
  }

  /** The same program run in {@code directory}. */
  public ExternalProgram in(Path directory) {
    return new ExternalProgram(command, Optional.of(directory), timeout, missing);
  }

  /** The same program, ended and failed when it runs longer than {@code limit}. */
  public ExternalProgram within(Duration limit) {
    return new ExternalProgram(command, workDirectory, Optional.of(limit), missing);
  }

  /**
   * The path of the system program {@code name} in the system directories (sbin included, which a
   * user's PATH may lack), or a failure saying it is needed {@code needFor} and what to install.
   */
  public static Path find(String name, String needFor, String install) throws LocalIoException {
    Optional<Path> found = inSystemDirectories(name);
    if (found.isPresent()) {
      return found.get();
    }
    throw new LocalIoException(
        name
            + " was not found in "
            + String.join(", ", SYSTEM_DIRECTORIES)
            + "; it is needed "
            + needFor
            + ": "
            + install);
  }

  /** The path of the system program {@code name} in the system directories, if it is there. */
  public static Optional<Path> inSystemDirectories(String name) {
    for (String directory : SYSTEM_DIRECTORIES) {
      Path candidate = Path.of(directory, name);
      if (Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /**
   * What a finished program printed and its exit status.
   *
   * @param program the program's name (as it was given)
   * @param exitCode its exit status
   * @param stdout what it printed on standard output
   * @param stderr what it printed on standard error
   */
  public record Outcome(String program, int exitCode, String stdout, String stderr) {

    /** The last lines it printed (standard output, then error), for an error message. */
    public String tail() {
      String[] lines = (stdout + stderr).strip().split("\n");
      return String.join(
          " / ", List.of(lines).subList(Math.max(0, lines.length - 4), lines.length));
    }

    /** This outcome when the program exited 0; otherwise a failure naming it and its stderr. */
    public Outcome orFail(String what) throws LocalIoException {
      if (exitCode != 0) {
        throw new LocalIoException(
            what + ": " + program + " exited " + exitCode + ": " + lastLine(stderr));
      }
      return this;
    }

    private static String lastLine(String text) {
      List<String> lines = text.lines().filter(line -> !line.isBlank()).toList();
      return lines.isEmpty() ? "" : lines.get(lines.size() - 1).strip();
    }
  }

  /** Runs the program to its end with no standard input; fails only when it cannot run. */
  public Outcome run() throws LocalIoException {
    Process process = start(builder().redirectInput(ProcessBuilder.Redirect.from(NO_INPUT)));
    CompletableFuture<String> out = drain(process.getInputStream());
    CompletableFuture<String> err = drain(process.getErrorStream());
    int code = waitFor(process);
    return new Outcome(command.get(0), code, join(command.get(0), out), join(command.get(0), err));
  }

  /**
   * Runs the program with this process's standard input, output and error (a user's script that
   * talks to the terminal); returns its exit status.
   */
  public int runShowingOutput() throws LocalIoException {
    return waitFor(start(plainBuilder().inheritIO()));
  }

  /** Writes a program's standard input; a failure means the program stopped reading. */
  @FunctionalInterface
  public interface Feeder {
    void feed(OutputStream in) throws IOException;
  }

  /**
   * Runs {@code first | second}: {@code first}'s standard input written by {@code input}, {@code
   * second}'s standard output discarded. Returns both outcomes, in order.
   */
  public static List<Outcome> pipe(ExternalProgram first, ExternalProgram second, Feeder input)
      throws LocalIoException {
    List<Process> pipeline;
    try {
      pipeline =
          ProcessBuilder.startPipeline(
              List.of(
                  first.builder(),
                  second.builder().redirectOutput(ProcessBuilder.Redirect.DISCARD)));
    } catch (IOException e) {
      throw first.notStarted(e);
    }
    List<CompletableFuture<String>> errors =
        pipeline.stream().map(p -> drain(p.getErrorStream())).toList();
    try (OutputStream in = pipeline.get(0).getOutputStream()) {
      input.feed(in);
    } catch (IOException e) {
      // the program stopped reading: its exit status and message say why
    }
    List<ExternalProgram> programs = List.of(first, second);
    List<Outcome> outcomes = new ArrayList<>();
    for (int i = 0; i < pipeline.size(); i++) {
      int code = programs.get(i).waitFor(pipeline.get(i));
      String program = programs.get(i).command.get(0);
      outcomes.add(new Outcome(program, code, "", join(program, errors.get(i))));
    }
    return outcomes;
  }

  /**
   * For a program whose output is read: in the C locale, so that its messages are the ones matched
   * here, and without TAR_OPTIONS, which would change what tar copies (--exclude-vcs, say).
   */
  private ProcessBuilder builder() {
    ProcessBuilder builder = plainBuilder();
    builder.environment().put("LC_ALL", "C");
    builder.environment().remove("TAR_OPTIONS");
    return builder;
  }

  /** In this process's environment. */
  private ProcessBuilder plainBuilder() {
    ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command));
    workDirectory.ifPresent(directory -> builder.directory(directory.toFile()));
    return builder;
  }

  private Process start(ProcessBuilder builder) throws LocalIoException {
    try {
      return builder.start();
    } catch (IOException e) {
      throw notStarted(e);
    }
  }

  private LocalIoException notStarted(IOException e) {
    return new LocalIoException(
        "could not run " + command.get(0) + ": " + e.getMessage() + "; " + missing, e);
  }

  /** Waits for the program's exit within the time limit; ends it when interrupted or too slow. */
  private int waitFor(Process process) throws LocalIoException {
    try {
      if (timeout.isEmpty()) {
        return process.waitFor();
      }
      if (process.waitFor(timeout.get().toNanos(), TimeUnit.NANOSECONDS)) {
        return process.exitValue();
      }
      end(process);
      throw new LocalIoException(
          command.get(0)
              + " did not finish within "
              + timeout.get().toSeconds()
              + " s and was ended; check the device it works on");
    } catch (InterruptedException e) {
      end(process);
      Thread.currentThread().interrupt();
      throw new LocalIoException("interrupted while " + command.get(0) + " was running", e);
    }
  }

  /** SIGTERM, then SIGKILL if the program is still running after a short grace. */
  private static void end(Process process) {
    process.destroy();
    try {
      if (!process.waitFor(STOP_GRACE_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  /** Reads a process's output on another thread, so that it never blocks on a full pipe. */
  private static CompletableFuture<String> drain(InputStream stream) {
    return CompletableFuture.supplyAsync(
        () -> {
          try (stream) {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
  }

  private static String join(String program, CompletableFuture<String> output)
      throws LocalIoException {
    try {
      return output.join();
    } catch (RuntimeException e) {
      throw new LocalIoException(
          "could not read what " + program + " printed: " + e.getMessage(), e);
    }
  }
}
