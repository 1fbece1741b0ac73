package org.amibundle.bundle;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.amibundle.LocalIoException;

/**
 * A system program convert needs (e2fsck, resize2fs, blockdev), found in the system directories
 * (they live in sbin, which a user's PATH may lack) and run with an argument list, never a shell.
 * No secret is ever passed to one.
 */
final class ExternalProgram {

  private static final List<String> DIRECTORIES =
      List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin", "/usr/local/sbin", "/usr/local/bin");

  /** What a finished program printed (standard output and error together) and its exit code. */
  record Outcome(int exitCode, String output) {
    /** The last lines of the output, for an error message. */
    String tail() {
      String[] lines = output.strip().split("\n");
      return String.join(" / ", List.of(lines).subList(Math.max(0, lines.length - 4), lines.length));
    }
  }

  private final Path executable;

  private ExternalProgram(Path executable) {
    this.executable = executable;
  }

  /** The program, or a failure saying which package to install. */
  static ExternalProgram find(String name, String needFor) throws LocalIoException {
    for (String directory : DIRECTORIES) {
      Path candidate = Path.of(directory, name);
      if (Files.isExecutable(candidate)) {
        return new ExternalProgram(candidate);
      }
    }
    throw new LocalIoException(name + " was not found in " + String.join(", ", DIRECTORIES)
        + "; it is needed " + needFor + ": install e2fsprogs (and util-linux)");
  }

  /** Runs the program in {@code workDirectory} and waits for it. */
  Outcome run(Path workDirectory, String... arguments) throws LocalIoException {
    List<String> command = new ArrayList<>();
    command.add(executable.toString());
    command.addAll(List.of(arguments));
    ProcessBuilder builder =
        new ProcessBuilder(command).directory(workDirectory.toFile()).redirectErrorStream(true);
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new LocalIoException("could not run " + executable + ": " + e.getMessage(), e);
    }
    try (InputStream in = process.getInputStream()) {
      process.getOutputStream().close();
      String output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return new Outcome(process.waitFor(), output);
    } catch (IOException e) {
      process.destroy();
      throw new LocalIoException("could not read what " + executable + " printed: "
          + e.getMessage(), e);
    } catch (InterruptedException e) {
      process.destroy();
      Thread.currentThread().interrupt();
      throw new LocalIoException("interrupted while " + executable + " was running", e);
    }
  }

  @Override
  public String toString() {
    return executable.toString();
  }
}
