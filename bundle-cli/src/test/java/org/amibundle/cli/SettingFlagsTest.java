package org.amibundle.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.amibundle.Setting;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The library names request settings in its own words, and the command line alone spells them as
 * flags: no string of the library's sources holds a flag of ours, and every setting has a flag that
 * some command really takes.
 */
class SettingFlagsTest {

  /** Whose sources are the library's: what a caller of the library reads. */
  private static final List<String> LIBRARY =
      List.of(
          "../manifest/src/main/java",
          "../partition/src/main/java",
          "../bundle-core/src/main/java");

  /**
   * Flags of other programs the library runs or tells the user to run, which happen to be spelled
   * like ours: by file, the flags and whose they are.
   */
  private static final Map<String, Set<String>> OTHER_PROGRAMS =
      Map.of(
          "CredentialFailures.java", Set.of("--profile"), // aws sso login, aws configure
          "ExtFilesystem.java", Set.of("-f", "-p"), // e2fsck
          "TarCopy.java", Set.of("-c", "-f", "-C", "-T", "-x", "-p"), // tar
          "FilesystemMaker.java", Set.of("-t", "-m", "-d"), // mke2fs
          "ScriptRunner.java", Set.of("-t", "-o"), // mount
          "SourceFilesystem.java", Set.of("-o", "-h"), // blkid, dumpe2fs
          "DeviceUsage.java", Set.of("-d")); // losetup

  private static final Pattern LITERAL = Pattern.compile("\"((?:[^\"\\\\\\n]|\\\\.)*)\"");
  private static final Pattern FLAG = Pattern.compile("(?<![\\w-])(--?[A-Za-z][\\w-]*)");

  @Test
  void noLibrarySourceSpellsAFlagOfTheCommandLine() throws IOException {
    Set<String> flags = commandLineFlags();
    List<String> found = new ArrayList<>();
    for (String root : LIBRARY) {
      try (Stream<Path> files = Files.walk(Path.of(root))) {
        for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
          Set<String> allowed =
              OTHER_PROGRAMS.getOrDefault(file.getFileName().toString(), Set.of());
          Matcher literal = LITERAL.matcher(Files.readString(file));
          while (literal.find()) {
            Matcher flag = FLAG.matcher(literal.group(1));
            while (flag.find()) {
              if (flags.contains(flag.group(1)) && !allowed.contains(flag.group(1))) {
                found.add(file.getFileName() + ": " + literal.group());
              }
            }
          }
        }
      }
    }
    assertTrue(flags.containsAll(Set.of("--force", "--grow", "--image", "-e")), flags.toString());
    assertEquals(List.of(), found);
  }

  @Test
  void everySettingHasAFlagOfSomeCommand_andItsPhraseBecomesThatFlag() {
    Set<String> flags = commandLineFlags();
    for (Setting setting : Setting.values()) {
      for (String flag : SettingFlags.flag(setting).split("/")) {
        assertTrue(flags.contains(flag), setting + ": " + flag);
      }
      assertEquals(
          "check " + SettingFlags.flag(setting) + " and run again",
          SettingFlags.rendered("check " + setting + " and run again"));
    }
  }

  @Test
  void aLibraryMessageReadsAsTheCommandLinesSentence() {
    assertEquals(
        "target t.img is not empty (it holds data): choose an empty target, or write"
            + " over it with --force",
        SettingFlags.rendered(
            "target t.img is not empty (it holds data): choose an empty target,"
                + " or write over it with "
                + Setting.FORCE));
    assertEquals(
        "give --access-key with AWS_SECRET_ACCESS_KEY, or name a profile with --profile",
        SettingFlags.rendered(
            "give "
                + Setting.ACCESS_KEY
                + " with AWS_SECRET_ACCESS_KEY, or name"
                + " a profile with "
                + Setting.PROFILE));
  }

  /** Every option name of every command, long and short. */
  private static Set<String> commandLineFlags() {
    CommandLine all = Main.commandLine(new CapturedTerminal().terminal(false), "");
    Set<String> flags = new TreeSet<>();
    collect(all, flags);
    return flags;
  }

  private static void collect(CommandLine line, Set<String> flags) {
    for (OptionSpec option : line.getCommandSpec().options()) {
      flags.addAll(Arrays.asList(option.names()));
    }
    line.getSubcommands().values().forEach(sub -> collect(sub, flags));
  }
}
