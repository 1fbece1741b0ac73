package org.amibundle.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.amibundle.testing.ExternalTool;
import org.amibundle.testing.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The assembled distribution: the launcher and the ec2-* drop-in wrappers as real processes. */
class DistributionIT {

  private static final Path BIN = Path.of(System.getProperty("amibundle.distribution"), "bin");

  @TempDir Path work;

  private static ExternalTool.Result run(Path dir, String tool, String... args) {
    List<String> command = new java.util.ArrayList<>();
    command.add(BIN.resolve(tool).toString());
    command.addAll(List.of(args));
    return ExternalTool.run(dir, null, command);
  }

  /** The distribution's {@code amibundle bundle-image} of {@code image} into {@code bundle}. */
  private static List<String> bundleImage(Path image, Path bundle) {
    List<String> command = new java.util.ArrayList<>();
    command.add(BIN.resolve("amibundle").toString());
    command.addAll(List.of(CliRun.bundleImageArgs(image, bundle, TestData.ec2Cert(), "--batch")));
    return command;
  }

  @Test
  void wrappers_bundleAndUnbundle_asTheReferenceCommandsDo() throws IOException {
    byte[] image = new byte[2_500_000];
    new Random(11).nextBytes(image);
    Files.write(work.resolve("disk.img"), image);
    Path bundle = Files.createDirectory(work.resolve("bundle"));

    ExternalTool.Result bundled =
        run(
            work,
            "ec2-bundle-image",
            "-c",
            TestData.userCert().toString(),
            "-k",
            TestData.userKey().toString(),
            "-u",
            "111122223333",
            "-i",
            "disk.img",
            "-d",
            "bundle",
            "-r",
            "x86_64",
            "--ec2cert",
            TestData.ec2Cert().toString(),
            "--batch");
    assertEquals(0, bundled.exitCode(), bundled.stderr());
    assertTrue(bundled.stdoutText().contains("ec2-bundle-image complete."), bundled.stdoutText());

    Path out = Files.createDirectory(work.resolve("out"));
    ExternalTool.Result unbundled =
        run(
            work,
            "ec2-unbundle",
            "-k",
            TestData.userKey().toString(),
            "-m",
            "bundle/disk.img.manifest.xml",
            "-s",
            "bundle",
            "-d",
            "out");
    assertEquals(0, unbundled.exitCode(), unbundled.stderr());
    assertArrayEquals(image, Files.readAllBytes(out.resolve("disk.img")));
  }

  @Test
  void referenceBundle_unbundlesThroughTheWrapper() throws IOException {
    ExternalTool.Result unbundled =
        run(
            work,
            "ec2-unbundle",
            "-k",
            TestData.userKey().toString(),
            "-m",
            TestData.referenceManifest("tiny").toString(),
            "-s",
            TestData.reference("tiny").toString(),
            "-d",
            work.toString(),
            "-c",
            TestData.userCert().toString());
    assertEquals(0, unbundled.exitCode(), unbundled.stderr());
    String sha256 =
        ExternalTool.run(work, "sha256sum", "tiny.img").orFail().stdoutText().split(" ")[0];
    assertEquals("ed059a1dce348e87f8e0a7bdf4f9913734ed22a524a3fcb40a6cf57ec427e4d1", sha256);
  }

  @Test
  void exitCodes_areTheReferencesAsSeenByAShell() {
    assertEquals(1, run(work, "ec2-bundle-image").exitCode());
    assertEquals(
        2,
        run(work, "ec2-unbundle", "-k", TestData.userKey().toString(), "-m", "absent.xml")
            .exitCode());
    assertEquals(1, run(work, "ec2-bundle-vol", "-c", "cert.pem").exitCode());
    assertEquals(1, run(work, "ec2-migrate-bundle", "-c", "cert.pem").exitCode());
  }

  @Test
  void versionCommand_printsAmibundlesVersionThenTheReferences() {
    ExternalTool.Result version = run(work, "ec2-ami-tools-version");
    assertEquals(0, version.exitCode());
    assertTrue(
        version.stdoutText().startsWith("ec2-ami-tools-version (amibundle "), version.stdoutText());
    assertTrue(version.stdoutText().contains("\nfollows ec2-ami-tools 1.5.3 20071010"));
    ExternalTool.Result option = run(work, "ec2-unbundle", "--version");
    assertTrue(option.stdoutText().startsWith("ec2-unbundle (amibundle "), option.stdoutText());
  }

  /**
   * A bundle-image starts no other process (JNA ran {@code ldconfig -p} at every start) and binds
   * JNA's native library from the distribution, not from a copy unpacked from its jar.
   */
  @Test
  void bundleImage_startsNoProcess_andTakesJnasLibraryFromTheDistribution()
      throws IOException, InterruptedException {
    Files.write(work.resolve("disk.img"), new byte[1 << 20]);
    Files.createDirectory(work.resolve("bundle"));
    ProcessBuilder builder =
        new ProcessBuilder(bundleImage(Path.of("disk.img"), Path.of("bundle")))
            .directory(work.toFile())
            .redirectErrorStream(true);
    builder
        .environment()
        .put("AMIBUNDLE_JAVA_OPTS", "-Xlog:class+load=info -Djna.debug_load.jna=true");
    String output = outputOf(builder);
    Path natives = BIN.getParent().resolve("lib/native").toRealPath();
    assertTrue(output.contains("Found jnidispatch at " + natives), output);
    assertFalse(output.contains("java.lang.ProcessImpl "), "a process was started:\n" + output);
  }

  /**
   * The JVM takes a class data sharing archive only at the class path it was made for, so a copy of
   * the distribution makes its own on its first run, and its classes come from it.
   */
  @Test
  void copiedDistribution_makesItsOwnClassArchiveOnce_andStartsFromIt()
      throws IOException, InterruptedException {
    Path copy = work.resolve("installed-elsewhere");
    copyTree(BIN.getParent(), copy);
    Set<Path> shipped = archives(copy);
    String first = classesLoaded(copy, "version");
    Set<Path> made = archives(copy);
    made.removeAll(shipped);
    assertEquals(1, made.size(), "archives made: " + made);
    assertTrue(
        first.contains("org.amibundle.cli.Main source: shared objects file"),
        "Main should come from the archive on the first run already");
    String second = classesLoaded(copy, "version");
    assertTrue(second.contains("org.amibundle.cli.Main source: shared objects file"));
    assertEquals(shipped.size() + 1, archives(copy).size(), "the second run makes none");
  }

  /**
   * The launcher finds its lib/ through a symbolic link to it and when started by its bare name.
   */
  @Test
  void launcher_throughASymbolicLink_andByItsBareName_runs() throws IOException {
    Path link = Files.createSymbolicLink(work.resolve("amibundle"), BIN.resolve("amibundle"));
    ExternalTool.Result linked = ExternalTool.run(work, link.toString(), "version");
    assertEquals(0, linked.exitCode(), linked.stderr());
    assertTrue(linked.stdoutText().startsWith("amibundle "), linked.stdoutText());
    ExternalTool.Result bare = ExternalTool.run(BIN, "sh", "amibundle", "version");
    assertEquals(0, bare.exitCode(), bare.stderr());
    assertTrue(bare.stdoutText().startsWith("amibundle "), bare.stdoutText());
  }

  /** A jar newer than the class archive (an upgrade in place) makes the launcher dump it again. */
  @Test
  void archiveOlderThanAJar_isMadeAgain() throws IOException, InterruptedException {
    Path copy = work.resolve("upgraded");
    copyTree(BIN.getParent(), copy);
    Set<Path> shipped = archives(copy);
    classesLoaded(copy, "version");
    Set<Path> made = archives(copy);
    made.removeAll(shipped);
    assertEquals(1, made.size(), "archives made: " + made);
    Path archive = made.iterator().next();
    FileTime before = Files.getLastModifiedTime(archive);
    Path jar;
    try (Stream<Path> jars = Files.list(copy.resolve("lib"))) {
      jar = jars.filter(file -> file.toString().endsWith(".jar")).findFirst().orElseThrow();
    }
    Files.setLastModifiedTime(jar, FileTime.fromMillis(before.toMillis() + 60_000));
    String second = classesLoaded(copy, "version");
    assertTrue(second.contains("org.amibundle.cli.Main source: shared objects file"), second);
    assertTrue(
        Files.getLastModifiedTime(archive).compareTo(before) > 0, "the archive was not made again");
    made.addAll(shipped);
    assertEquals(made, archives(copy), "the same archive, replaced");
  }

  /** bundle-image and unbundle run without C2 (their work is native); other commands keep it. */
  @Test
  void bundleAndUnbundle_runWithTheQuickCompilerOnly() throws IOException, InterruptedException {
    assertEquals("1", tieredStopAtLevel("unbundle", "--help"));
    assertEquals("1", tieredStopAtLevel("bundle-image", "--help"));
    assertEquals("4", tieredStopAtLevel("version"));
  }

  /**
   * Where the kernel gives transparent huge pages on request, bundle-image and unbundle ask glibc's
   * malloc for them too, after the user's own tunables; other commands leave the tunables alone.
   */
  @Test
  void bundleAndUnbundle_askMallocForHugePages() throws IOException, InterruptedException {
    Path mode = Path.of("/sys/kernel/mm/transparent_hugepage/enabled");
    boolean madvise = Files.isReadable(mode) && Files.readString(mode).contains("[madvise]");
    String own = "glibc.malloc.check=0";
    String asked = madvise ? own + ":glibc.malloc.hugetlb=1" : own;
    Path copy = work.resolve("tunables");
    copyTree(BIN.getParent(), copy);
    Files.delete(
        copy.resolve("lib/amibundle.classlist")); // no class archive made with the stand-in
    Path java = Files.createDirectories(work.resolve("jdk/bin")).resolve("java");
    Files.writeString(java, "#!/bin/sh\nprintf 'GLIBC_TUNABLES=%s\\n' \"$GLIBC_TUNABLES\"\n");
    assertTrue(java.toFile().setExecutable(true));
    for (String command : List.of("unbundle", "bundle-image", "version")) {
      ProcessBuilder builder =
          new ProcessBuilder(copy.resolve("bin/amibundle").toString(), command)
              .redirectErrorStream(true);
      builder.environment().put("JAVA_HOME", work.resolve("jdk").toString());
      builder.environment().put("GLIBC_TUNABLES", own);
      assertEquals(
          "GLIBC_TUNABLES=" + (command.equals("version") ? own : asked) + "\n",
          outputOf(builder),
          command);
    }
  }

  /**
   * A user's PATH on Debian lacks /usr/sbin, where mke2fs, debugfs, blkid and dumpe2fs live:
   * bundle-vol finds them there anyway.
   */
  @Test
  void bundleVol_withAUsersPath_findsTheSystemPrograms() throws IOException, InterruptedException {
    Path volume = Files.createDirectories(work.resolve("volume/etc"));
    Files.writeString(volume.resolve("hostname"), "host\n");
    Path out = Files.createDirectory(work.resolve("vol-out"));
    List<String> command = new java.util.ArrayList<>(List.of(BIN.resolve("amibundle").toString()));
    command.addAll(
        List.of(
            CliRun.cloneArgs(volume.getParent(), out, "-P", "none", "-s", "16", "--no-inherit")));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("PATH", "/usr/local/bin:/usr/bin:/bin");
    outputOf(builder);
    assertTrue(Files.size(out.resolve("image")) > 0);
  }

  /** Run by a relative path with CDPATH exported, where cd prints the directory it found. */
  @Test
  void launchedByARelativePath_withCdpathSet_runs() throws IOException, InterruptedException {
    Path target = BIN.getParent().getParent();
    String relative = target.relativize(BIN.resolve("amibundle")).toString();
    ProcessBuilder builder =
        new ProcessBuilder("sh", "-c", "exec \"$0\" version", relative)
            .directory(target.toFile())
            .redirectErrorStream(true);
    builder.environment().put("CDPATH", ".:/tmp");
    assertTrue(outputOf(builder).startsWith("amibundle "));
  }

  /**
   * Through a symbolic link to the bin directory, as a user's ~/bin may be: launcher and wrappers.
   */
  @Test
  void launchedThroughALinkToItsBinDirectory_runs() throws IOException, InterruptedException {
    Path link = Files.createSymbolicLink(work.resolve("bin"), BIN);
    assertTrue(
        outputOf(new ProcessBuilder(link.resolve("amibundle").toString(), "version"))
            .startsWith("amibundle "));
    assertTrue(
        outputOf(new ProcessBuilder(link.resolve("ec2-ami-tools-version").toString()))
            .startsWith("ec2-ami-tools-version (amibundle "));
  }

  /**
   * A class archive made by a run under umask 077 (root's, often) is still readable by everyone:
   * the JVM makes it readable by its owner only, and other users would skip it without a word.
   */
  @Test
  void aClassArchiveMadeUnderUmask077_isReadableByEveryone()
      throws IOException, InterruptedException {
    Path copy = work.resolve("umask");
    copyTree(BIN.getParent(), copy);
    for (Path archive : archives(copy)) {
      Files.delete(archive);
    }
    outputOf(
        new ProcessBuilder(
                "sh",
                "-c",
                "umask 077 && exec \"$0\" version",
                copy.resolve("bin/amibundle").toString())
            .redirectErrorStream(true));
    Set<Path> made = archives(copy);
    assertEquals(1, made.size(), "archives: " + made);
    assertTrue(
        Files.getPosixFilePermissions(made.iterator().next())
            .contains(java.nio.file.attribute.PosixFilePermission.OTHERS_READ),
        "not readable by others");
  }

  /** The JVM's TieredStopAtLevel in a run of the launcher with {@code args}. */
  private static String tieredStopAtLevel(String... args) throws IOException, InterruptedException {
    List<String> command = new java.util.ArrayList<>(List.of(BIN.resolve("amibundle").toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("AMIBUNDLE_JAVA_OPTS", "-XX:+PrintFlagsFinal");
    String output = outputOf(builder);
    return output
        .lines()
        .filter(line -> line.contains(" TieredStopAtLevel "))
        .map(line -> line.trim().split("\\s+")[3])
        .findFirst()
        .orElseThrow(() -> new AssertionError("no TieredStopAtLevel in:\n" + output));
  }

  @Test
  void distributionInstalledUnderAPathWithASpace_runs() throws IOException {
    Path copy = work.resolve("Program Files/amibundle");
    Files.createDirectories(copy.getParent());
    copyTree(BIN.getParent(), copy);
    ExternalTool.Result version =
        ExternalTool.run(work, copy.resolve("bin/ec2-ami-tools-version").toString());
    assertEquals(0, version.exitCode(), version.stderr());
    assertTrue(
        version.stdoutText().startsWith("ec2-ami-tools-version (amibundle "), version.stdoutText());
  }

  /**
   * The classes of the distribution's jars that a version and an unbundle of a small bundle (runs
   * like those the class archive is trained on) read from a jar instead of the archive: none.
   * picocli's interfaces of an old class file version were left out of it while lambdas of Main
   * implemented them, and the version command was not trained.
   */
  @Test
  void versionAndUnbundle_takeEveryClassFromTheArchive() throws IOException, InterruptedException {
    Path distribution = BIN.getParent();
    Files.write(work.resolve("disk.img"), new byte[1 << 20]);
    Path bundle = Files.createDirectory(work.resolve("bundle"));
    Path restored = Files.createDirectory(work.resolve("restored"));
    ExternalTool.Result bundled =
        ExternalTool.run(work, null, bundleImage(work.resolve("disk.img"), bundle));
    assertEquals(0, bundled.exitCode(), bundled.stderr());
    String version = classesLoaded(distribution, "version");
    String unbundle =
        classesLoaded(
            distribution,
            "unbundle",
            "-k",
            TestData.userKey().toString(),
            "-m",
            bundle.resolve("disk.img.manifest.xml").toString(),
            "-s",
            bundle.toString(),
            "-d",
            restored.toString());
    assertTrue(version.contains("org.amibundle.cli.Main source: shared objects file"), version);
    assertTrue(unbundle.contains("org.amibundle.cli.Main source: shared objects file"), unbundle);
    assertEquals(List.of(), fromJars(version), "classes version read from jars");
    assertEquals(List.of(), fromJars(unbundle), "classes unbundle read from jars");
  }

  /** The -Xlog:class+load lines of classes read from a jar file. */
  private static List<String> fromJars(String classesLoaded) {
    return classesLoaded.lines().filter(line -> line.contains(" source: file:")).toList();
  }

  /**
   * amibundle's classes join strings with StringBuilder calls, not through invokedynamic, whose
   * method handles the JVM spins as classes at run time (the archive cannot hold them), 18 at the
   * start of an unbundle.
   */
  @Test
  void amibundlesClasses_joinStringsWithoutInvokedynamic() throws IOException {
    List<String> joining = new java.util.ArrayList<>();
    try (Stream<Path> jars = Files.list(BIN.getParent().resolve("lib"))) {
      for (Path jar : (Iterable<Path>) jars::iterator) {
        if (!jar.getFileName().toString().startsWith("amibundle-")
            || !jar.toString().endsWith(".jar")) {
          continue;
        }
        try (ZipFile zip = new ZipFile(jar.toFile())) {
          for (ZipEntry entry : Collections.list(zip.entries())) {
            if (entry.getName().endsWith(".class")
                && new String(zip.getInputStream(entry).readAllBytes(), StandardCharsets.ISO_8859_1)
                    .contains("java/lang/invoke/StringConcatFactory")) {
              joining.add(entry.getName());
            }
          }
        }
      }
    }
    assertEquals(List.of(), joining);
  }

  private static String classesLoaded(Path distribution, String... args)
      throws IOException, InterruptedException {
    List<String> command = new java.util.ArrayList<>();
    command.add(distribution.resolve("bin/amibundle").toString());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("AMIBUNDLE_JAVA_OPTS", "-Xlog:class+load=info");
    return outputOf(builder);
  }

  /** What the process printed on both streams; it must exit 0. */
  private static String outputOf(ProcessBuilder builder) throws IOException, InterruptedException {
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes());
    assertEquals(0, process.waitFor(), output);
    return output;
  }

  private static Set<Path> archives(Path distribution) throws IOException {
    try (Stream<Path> files = Files.list(distribution.resolve("lib"))) {
      return files
          .filter(file -> file.getFileName().toString().endsWith(".jsa"))
          .collect(Collectors.toCollection(HashSet::new));
    }
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        Files.copy(
            file, to.resolve(from.relativize(file).toString()), StandardCopyOption.COPY_ATTRIBUTES);
      }
    }
  }
}
