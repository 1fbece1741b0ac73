package org.amibundle.bundle.internal.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.amibundle.LocalIoException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExternalProgramTest {

  @TempDir Path dir;

  @Test
  void run_capturesBothStreams_inTheWorkDirectory_withNoInput() throws IOException {
    ExternalProgram.Outcome outcome =
        ExternalProgram.of(List.of("sh", "-c", "pwd; cat; echo warned >&2; exit 3"), "install sh")
            .in(dir)
            .run();

    assertEquals(3, outcome.exitCode());
    assertEquals(dir.toRealPath() + "\n", outcome.stdout());
    assertEquals("warned\n", outcome.stderr());
  }

  /** Its messages are matched, so it speaks the C locale, and tar's options are not inherited. */
  @Test
  void aProgramWhoseOutputIsRead_runsInTheCLocale_withoutTarOptions() throws IOException {
    ExternalProgram.Outcome outcome =
        ExternalProgram.of(
                List.of("sh", "-c", "printf '%s|%s' \"$LC_ALL\" \"${TAR_OPTIONS-unset}\""),
                "install sh")
            .run();

    assertEquals("C|unset", outcome.stdout());
  }

  @Test
  void orFail_namesTheProgram_andTheLastLineOfItsStderr() throws IOException {
    ExternalProgram.Outcome failed =
        ExternalProgram.of(List.of("sh", "-c", "echo first >&2; echo last >&2; exit 2"), "").run();

    LocalIoException failure =
        assertThrows(LocalIoException.class, () -> failed.orFail("could not do it"));
    assertEquals("could not do it: sh exited 2: last", failure.getMessage());
    ExternalProgram.Outcome fine = ExternalProgram.of(List.of("true"), "").run();
    assertEquals(fine, fine.orFail("never"));
  }

  @Test
  void aProgramThatCannotStart_failsWithWhatToInstall() {
    LocalIoException failure =
        assertThrows(
            LocalIoException.class,
            () -> ExternalProgram.of(List.of("no-such-program-here"), "install it").run());
    assertTrue(failure.getMessage().startsWith("could not run no-such-program-here: "));
    assertTrue(failure.getMessage().endsWith("; install it"), failure.getMessage());
  }

  @Test
  void aProgramOverItsTimeLimit_isEndedAndFails() throws IOException {
    Path pid = dir.resolve("pid");
    long start = System.nanoTime();
    LocalIoException failure =
        assertThrows(
            LocalIoException.class,
            () ->
                ExternalProgram.of(List.of("sh", "-c", "echo $$ > " + pid + "; exec sleep 60"), "")
                    .within(Duration.ofMillis(500))
                    .run());

    assertTrue(
        failure.getMessage().startsWith("sh did not finish within 0 s"), failure.getMessage());
    assertTrue(System.nanoTime() - start < Duration.ofSeconds(20).toNanos());
    long sleeper = Long.parseLong(Files.readString(pid).strip());
    assertFalse(ProcessHandle.of(sleeper).map(ProcessHandle::isAlive).orElse(false));
  }

  @Test
  void pipe_feedsTheFirst_intoTheSecond() throws IOException {
    Path copy = dir.resolve("copy");
    List<ExternalProgram.Outcome> outcomes =
        ExternalProgram.pipe(
            ExternalProgram.of(List.of("cat"), ""),
            ExternalProgram.of(List.of("sh", "-c", "cat > " + copy + "; echo done >&2"), ""),
            in -> in.write("names\0".getBytes(StandardCharsets.UTF_8)));

    assertEquals("names\0", Files.readString(copy));
    assertEquals(List.of(0, 0), outcomes.stream().map(ExternalProgram.Outcome::exitCode).toList());
    assertEquals("done\n", outcomes.get(1).stderr());
  }
}
