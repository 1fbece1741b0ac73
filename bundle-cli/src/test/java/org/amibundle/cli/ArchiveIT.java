package org.amibundle.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.amibundle.testing.ExternalTool;
import org.amibundle.testing.TestData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The archives {@code mvn package} makes, unpacked as a user would (GNU tar) into a place of their
 * own: the commands run from there, every library comes with its licence, and the man pages read
 * with man(1) say what {@code --manual} says.
 */
class ArchiveIT {

  private static final String ARCHIVE = System.getProperty("amibundle.archive");

  @TempDir static Path unpacked;
  private static Path top;

  @BeforeAll
  static void unpack() {
    ExternalTool.run(unpacked, "tar", "-xzf", ARCHIVE + ".tar.gz").orFail();
    top = unpacked.resolve(Path.of(ARCHIVE).getFileName());
  }

  @Test
  void unpackedAnywhere_unbundlesTheReferenceBundle(@TempDir Path work) throws IOException {
    ExternalTool.Result run =
        ExternalTool.run(
            work,
            top.resolve("bin/ec2-unbundle").toString(),
            "-k",
            TestData.userKey().toString(),
            "-c",
            TestData.userCert().toString(),
            "-m",
            TestData.referenceManifest("gptdisk").toString(),
            "-s",
            TestData.reference("gptdisk").toString(),
            "-d",
            work.toString());
    assertEquals(0, run.exitCode(), run.stderr());
    String sums = Files.readString(TestData.root().resolve("reference/images.sha256"));
    String digest = ExternalTool.run(work, "sha256sum", "gptdisk").orFail().stdoutText();
    assertTrue(sums.contains(digest.substring(0, 64) + "  gptdisk.img"), digest);
  }

  @Test
  void zip_holdsWhatTheTarHolds() throws IOException {
    Set<String> tar = new TreeSet<>();
    try (Stream<Path> files = Files.walk(top)) {
      files
          .filter(Files::isRegularFile)
          .forEach(file -> tar.add(unpacked.relativize(file).toString()));
    }
    Set<String> zip = new TreeSet<>();
    try (ZipFile archive = new ZipFile(ARCHIVE + ".zip")) {
      archive.stream().filter(entry -> !entry.isDirectory()).forEach(e -> zip.add(e.getName()));
    }
    assertEquals(tar, zip);
    assertTrue(tar.stream().noneMatch(name -> name.endsWith(".jsa")), tar.toString());
    for (String file :
        List.of(
            "LICENSE",
            "NOTICE",
            "README.md",
            "completion/amibundle.bash",
            "completion/amibundle.zsh",
            "man/man1/amibundle.1")) {
      assertTrue(Files.isRegularFile(top.resolve(file)), file);
    }
  }

  @Test
  void everyLibrary_hasItsLicenceFilesOrIsNamedInNotice() throws IOException {
    String notice = Files.readString(top.resolve("NOTICE"));
    List<String> unlicensed = new ArrayList<>();
    try (Stream<Path> jars = Files.list(top.resolve("lib"))) {
      for (Path jar : jars.filter(p -> p.toString().endsWith(".jar")).toList()) {
        String artifact =
            jar.getFileName().toString().replaceFirst("-[0-9][^-]*(-SNAPSHOT)?\\.jar$", "");
        Path licences = top.resolve("licenses").resolve(artifact).resolve("META-INF");
        boolean shipped = Files.isDirectory(licences) && hasFiles(licences);
        if (!artifact.startsWith("amibundle-") && !shipped && !notice.contains(artifact)) {
          unlicensed.add(artifact);
        }
      }
    }
    assertEquals(List.of(), unlicensed, "libraries with neither licence files nor a NOTICE entry");
  }

  @Test
  void manPages_readWithMan_sayWhatManualSays() {
    for (String command : List.of("unbundle", "migrate-manifest", "convert", "partition verify")) {
      Path page = top.resolve("man/man1/amibundle-" + command.replace(' ', '-') + ".1");
      ExternalTool.Result man =
          ExternalTool.run(
                  null,
                  null,
                  List.of(
                      "env",
                      "MANWIDTH=2000",
                      "man",
                      "--nh",
                      "--nj",
                      "-P",
                      "cat",
                      "-l",
                      page.toString()))
              .orFail();
      String manText = words(man.stdoutText());
      String[] args = (command + " --manual").split(" ");
      CliRun manual = CliRun.of(args);
      assertEquals(0, manual.exitCode(), manual.toString());
      List<String> missing = new ArrayList<>();
      for (String paragraph : manual.out().split("\n\\s*\n")) {
        String text = words(paragraph);
        if (!text.isEmpty()
            && !text.startsWith("Usage:")
            && !text.startsWith("SYNOPSIS")
            && !text.startsWith("ARGUMENTS")
            && !text.startsWith("OPTIONS")
            && !manText.contains(stripHeading(text, command))) {
          missing.add(text);
        }
      }
      assertEquals(List.of(), missing, command + ": --manual text missing from " + page);
      assertTrue(manText.contains("--manual"), manText);
    }
  }

  private static boolean hasFiles(Path directory) throws IOException {
    try (Stream<Path> files = Files.walk(directory)) {
      return files.anyMatch(Files::isRegularFile);
    }
  }

  /** The text as words: typographic quotes made plain, list bullets dropped, white space single. */
  private static String words(String text) {
    return (" " + text + " ")
        .replace('\u2019', '\'')
        .replace('\u2018', '\'')
        .replace("\u2022", " ")
        .replace('\u2010', '-')
        .replaceAll("\\s[-*]\\s", " ")
        .replaceAll("\\s+", " ")
        .strip();
  }

  /** The text less its section heading, and in NAME the command name (the page's name there). */
  private static String stripHeading(String text, String command) {
    return text.replaceFirst("^(DESCRIPTION|EXIT STATUS) ", "")
        .replaceFirst("^NAME amibundle " + command + " ", "");
  }
}
