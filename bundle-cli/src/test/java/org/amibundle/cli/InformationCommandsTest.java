package org.amibundle.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.amibundle.bundle.AmiBundleVersion;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** --help, help, --version, --manual, version, and what a mistyped command line is told. */
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
        new String[] {
          "bundle-image",
          "unbundle",
          "upload-bundle",
          "download-and-unbundle",
          "verify-bundle",
          "migrate-manifest",
          "migrate-bundle",
          "partition",
          "version",
          "bundle-vol"
        }) {
      assertTrue(run.out().contains(command), command + " missing from:\n" + run.out());
    }
  }

  @Test
  void mistypedCommand_exits1_suggestingTheCommand() {
    CliRun run = CliRun.of("bundel-image", "-i", "x");
    assertEquals(1, run.exitCode(), run.toString());
    assertTrue(run.stderr().contains("\nDid you mean bundle-image?\n"), run.stderr());
    assertTrue(run.stderr().endsWith("Try 'amibundle --help'\n"), run.stderr());
  }

  @Test
  void mistypedOption_suggestsTheOption_andTheCommandsHelp() {
    CliRun run = CliRun.of("unbundle", "-k", "k.pem", "-m", "m.xml", "--destinaton", "out");
    assertEquals(1, run.exitCode(), run.toString());
    assertTrue(run.stderr().contains("\nDid you mean --destination?\n"), run.stderr());
    assertTrue(run.stderr().endsWith("Try 'amibundle unbundle --help'\n"), run.stderr());
  }

  @Test
  void usageErrorOfASubcommand_namesItsOwnHelp() {
    CliRun parsing = CliRun.of("partition", "verify", "--sector-size", "many");
    assertEquals(1, parsing.exitCode(), parsing.toString());
    assertTrue(
        parsing.stderr().endsWith("Try 'amibundle partition verify --help'\n"), parsing.stderr());
    CliRun checking = CliRun.of("partition", "verify");
    assertEquals(1, checking.exitCode(), checking.toString());
    assertTrue(
        checking.stderr().endsWith("Try 'amibundle partition verify --help'\n"), checking.stderr());
  }

  @Test
  void usageErrorOfAWrapper_namesTheWrappersHelp() {
    System.setProperty(ToolName.PROPERTY, "ec2-unbundle");
    CliRun run = CliRun.of("unbundle", "-m", "m.xml");
    assertEquals(1, run.exitCode(), run.toString());
    assertTrue(run.stderr().endsWith("Try 'ec2-unbundle --help'\n"), run.stderr());
  }

  @Test
  void helpCommand_printsTheCommandsHelp() {
    CliRun help = CliRun.of("help", "unbundle");
    assertEquals(0, help.exitCode(), help.toString());
    assertEquals(CliRun.of("unbundle", "--help").out(), help.out());
    assertTrue(help.out().startsWith("Usage: amibundle unbundle"), help.out());
    CliRun all = CliRun.of("help");
    assertEquals(0, all.exitCode(), all.toString());
    assertEquals(CliRun.of("--help").out(), all.out());
  }

  @Test
  void version_printsAmibundlesVersionThenTheReferencesOne() {
    CliRun run = CliRun.of("version");
    assertEquals(0, run.exitCode());
    String[] lines = run.out().split("\n");
    assertEquals("amibundle " + AmiBundleVersion.version(), lines[0]);
    assertTrue(lines[1].startsWith("follows ec2-ami-tools 1.5.3 20071010 "), run.out());
    assertEquals(run.out(), CliRun.of("--version").out());
  }

  @Test
  void versionOption_namesTheToolCalledBeforeTheReferenceVersion() {
    System.setProperty(ToolName.PROPERTY, "ec2-bundle-image");
    CliRun run = CliRun.of("bundle-image", "--version");
    assertEquals(0, run.exitCode());
    assertTrue(
        run.out()
            .startsWith(
                "ec2-bundle-image (amibundle "
                    + AmiBundleVersion.version()
                    + ")\n"
                    + "follows ec2-ami-tools 1.5.3 20071010"),
        run.out());
  }

  @ParameterizedTest
  @ValueSource(strings = {"partition", "partition verify", "version", "help", "convert"})
  void helpAndVersion_onGroupsAndEveryKindOfCommand(String command) {
    List<String> words = new ArrayList<>(List.of(command.split(" ")));
    words.add("--help");
    CliRun help = CliRun.of(words.toArray(String[]::new));
    assertEquals(0, help.exitCode(), help.toString());
    assertTrue(help.out().contains("Usage: amibundle " + command + " "), help.out());
    if (!command.equals("help")) {
      words.set(words.size() - 1, "--version");
      CliRun version = CliRun.of(words.toArray(String[]::new));
      assertEquals(0, version.exitCode(), version.toString());
      assertTrue(
          version.out().startsWith("amibundle " + AmiBundleVersion.version() + "\n"),
          version.toString());
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "bundle-image",
        "bundle-vol",
        "unbundle",
        "upload-bundle",
        "download-bundle",
        "delete-bundle",
        "download-and-unbundle",
        "verify-bundle",
        "migrate-manifest",
        "bundle-and-upload",
        "convert",
        "migrate-bundle"
      })
  void helpAndManual_exit0_withoutMandatoryOptions(String command) {
    CliRun help = CliRun.of(command, "--help");
    assertEquals(0, help.exitCode());
    assertTrue(help.out().contains("Usage:"), help.out());
    CliRun manual = CliRun.of(command, "--manual");
    assertEquals(0, manual.exitCode(), manual.toString());
    assertTrue(manual.out().contains("EXIT STATUS"), manual.out());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "bundle-image",
        "bundle-vol",
        "unbundle",
        "upload-bundle",
        "download-bundle",
        "delete-bundle",
        "download-and-unbundle",
        "verify-bundle",
        "migrate-manifest",
        "bundle-and-upload",
        "convert",
        "migrate-bundle",
        "partition verify"
      })
  void help_documentsQuietAndTheFieldsOfJson(String command) {
    List<String> words = new ArrayList<>(List.of(command.split(" ")));
    words.add("--help");
    String help = CliRun.of(words.toArray(String[]::new)).out();
    assertTrue(help.contains("--json prints {"), help);
    assertTrue(help.contains("--quiet "), help);
  }

  @Test
  void migrateBundleHelp_startsWithTheDeprecationNotice() {
    CliRun help = CliRun.of("migrate-bundle", "--help");
    assertEquals(0, help.exitCode(), help.toString());
    assertTrue(help.out().startsWith("NOTE: ec2-migrate-bundle is deprecated"), help.out());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "bundle-image",
        "bundle-vol",
        "unbundle",
        "upload-bundle",
        "download-bundle",
        "delete-bundle",
        "download-and-unbundle",
        "verify-bundle",
        "migrate-manifest",
        "bundle-and-upload",
        "convert",
        "migrate-bundle",
        "partition verify"
      })
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
