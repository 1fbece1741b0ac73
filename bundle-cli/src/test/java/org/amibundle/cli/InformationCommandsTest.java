package org.amibundle.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** --help, --version, --manual, version, and the commands still to come. */
class InformationCommandsTest {

  @AfterEach
  void resetToolName() {
    System.clearProperty(ToolName.PROPERTY);
  }

  @Test
  void topLevelHelp_listsEveryCommand() {
    CliRun run = CliRun.of("--help");
    assertEquals(0, run.exitCode());
    for (String command :
        new String[] {"bundle-image", "unbundle", "upload-bundle", "download-and-unbundle",
          "verify-bundle", "migrate-manifest", "migrate-bundle", "partition", "version", "bundle-vol"}) {
      assertTrue(run.out().contains(command), command + " missing from:\n" + run.out());
    }
  }

  @Test
  void unknownCommand_exits1() {
    CliRun run = CliRun.of("bundle-images", "-i", "x");
    assertEquals(1, run.exitCode(), run.toString());
  }

  @Test
  void version_printsTheReferenceVersionLineFirst() {
    CliRun run = CliRun.of("version");
    assertEquals(0, run.exitCode());
    assertTrue(run.out().startsWith("1.5.3 20071010\n\namibundle "), run.out());
  }

  @Test
  void versionOption_namesTheToolCalled() {
    System.setProperty(ToolName.PROPERTY, "ec2-bundle-image");
    CliRun run = CliRun.of("bundle-image", "--version");
    assertEquals(0, run.exitCode());
    assertTrue(run.out().startsWith("ec2-bundle-image 1.5.3 20071010"), run.out());
  }

  @ParameterizedTest
  @ValueSource(strings = {"bundle-image", "bundle-vol", "unbundle", "upload-bundle", "download-bundle", "delete-bundle", "download-and-unbundle", "verify-bundle", "migrate-manifest", "bundle-and-upload", "convert", "migrate-bundle"})
  void helpAndManual_exit0_withoutMandatoryOptions(String command) {
    CliRun help = CliRun.of(command, "--help");
    assertEquals(0, help.exitCode());
    assertTrue(help.out().contains("Usage:"), help.out());
    CliRun manual = CliRun.of(command, "--manual");
    assertEquals(0, manual.exitCode(), manual.toString());
    assertTrue(manual.out().contains("EXIT STATUS"), manual.out());
  }

  @Test
  void migrateBundleHelp_startsWithTheDeprecationNotice() {
    CliRun help = CliRun.of("migrate-bundle", "--help");
    assertEquals(0, help.exitCode(), help.toString());
    assertTrue(help.out().startsWith("NOTE: ec2-migrate-bundle is deprecated"), help.out());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"bundle-image", "bundle-vol", "unbundle", "upload-bundle", "download-bundle",
        "delete-bundle", "download-and-unbundle", "verify-bundle", "migrate-manifest",
        "bundle-and-upload", "convert", "migrate-bundle", "partition verify"})
  void manual_isTheCommandsModelWithItsProse(String command) {
    String[] words = command.split(" ");
    CliRun manual = CliRun.of((command + " --manual").split(" "));
    assertEquals(0, manual.exitCode(), manual.toString());
    CommandLine line = Main.commandLine(Terminal.system(), words[0]);
    for (String word : words) {
      line = line.getSubcommands().get(word);
    }
    for (OptionSpec option : line.getCommandSpec().options()) {
      assertTrue(manual.out().contains(option.longestName()), option.longestName() + " missing");
    }
    assertTrue(manual.out().startsWith("NAME\n  amibundle " + command + " - "), manual.out());
    assertTrue(manual.out().contains("\nDESCRIPTION\n"), manual.out());
  }
}
