package org.amibundle.bundle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.ToolProvider;
import org.amibundle.testing.ExternalTool;
import org.amibundle.testing.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The library example of README.md: the Java block of its "Library" section is the whole source
 * file, compiled as it stands (an extra line fails the compilation or the run) and run in a child
 * JVM whose class path has none of the AWS SDK's jars, which proves a bundle and an unbundle need
 * none of them.
 */
class EmbeddingExampleTest {

  private static final Pattern JAVA_BLOCK =
      Pattern.compile("\n## Library\n.*?\n```java\n(.*?)```\n", Pattern.DOTALL);
  private static final Pattern CLASS_NAME = Pattern.compile("\npublic final class (\\w+) \\{\n");

  @TempDir Path work;

  @Test
  void readmeExample_compiledAndRunWithoutTheAwsSdk_bundlesAndRestoresTheImage()
      throws IOException {
    String source = readmeExample();
    Matcher className = CLASS_NAME.matcher(source);
    assertTrue(className.find(), "README's example must be one public final class:\n" + source);
    Path sourceFile = work.resolve("src").resolve(className.group(1) + ".java");
    Files.createDirectories(sourceFile.getParent());
    Files.writeString(sourceFile, source);

    List<String> full = Arrays.asList(testClassPath().split(File.pathSeparator));
    List<String> withoutSdk =
        full.stream().filter(entry -> !entry.contains("/software/amazon/")).toList();
    assertTrue(withoutSdk.size() < full.size(), "the test class path should hold the AWS SDK");

    Path classes = Files.createDirectory(work.resolve("classes"));
    int compiled =
        ToolProvider.getSystemJavaCompiler()
            .run(
                null,
                null,
                null,
                "-Xlint:all",
                "-Werror",
                "-d",
                classes.toString(),
                "-cp",
                String.join(File.pathSeparator, withoutSdk),
                sourceFile.toString());
    assertEquals(0, compiled, "README's example must compile as it stands, warnings included");

    Path image = Fixtures.denseImage(work.resolve("disk.img"), 1_000_000, 1);
    Path bundleDir = Files.createDirectory(work.resolve("bundle"));
    Path restoredDir = Files.createDirectory(work.resolve("restored"));
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(classes + File.pathSeparator + String.join(File.pathSeparator, withoutSdk));
    command.add(className.group(1));
    command.addAll(
        List.of(
            image.toString(),
            bundleDir.toString(),
            restoredDir.toString(),
            TestData.root().resolve("keys").toString()));
    ExternalTool.Result run = ExternalTool.run(work, null, command).orFail();

    assertEquals(
        "manifest: "
            + bundleDir.resolve("disk.img.manifest.xml")
            + "\n"
            + "image: "
            + restoredDir.resolve("disk.img")
            + ", 1000000 bytes\n",
        run.stdoutText());
    assertEquals(Fixtures.sha256(image), Fixtures.sha256(restoredDir.resolve("disk.img")));
  }

  private static String readmeExample() throws IOException {
    String readme = Files.readString(TestData.root().getParent().resolve("README.md"));
    Matcher block = JAVA_BLOCK.matcher(readme);
    assertTrue(block.find(), "README.md's Library section must hold a ```java block");
    return block.group(1);
  }

  /** The test's class path as Maven gave it (Surefire starts the JVM through a manifest jar). */
  private static String testClassPath() {
    String path = System.getProperty("surefire.test.class.path");
    assertTrue(path != null, "run by Maven Surefire, which names the test class path");
    return path;
  }
}
