package org.amibundle.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.amibundle.testing.ExternalTool;
import org.amibundle.testing.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The attack: unbundle into a directory the user may not write to was told "free some space". The
 * distribution runs as the user nobody ({@code setpriv}), since root may write anywhere.
 */
class TruthfulMessagesIT {

  private static final Path AMIBUNDLE =
      Path.of(System.getProperty("amibundle.distribution"), "bin", "amibundle");

  @TempDir Path work;

  @Test
  void unbundleIntoADirectoryItMayNotWrite_saysPermissionDenied() throws IOException {
    Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxr-xr-x"));
    byte[] image = new byte[1_000_000];
    new Random(13).nextBytes(image);
    Path bundle =
        CliRun.bundleImage(Files.write(work.resolve("disk.img"), image), TestData.ec2Cert());
    Path out = Files.createDirectory(work.resolve("out")); // root's, 0755

    ExternalTool.Result run =
        ExternalTool.run(
            work,
            null,
            List.of(
                "setpriv",
                "--reuid=nobody",
                "--regid=nogroup",
                "--clear-groups",
                "--",
                AMIBUNDLE.toString(),
                "unbundle",
                "-k",
                TestData.userKey().toString(),
                "-m",
                bundle.resolve("disk.img.manifest.xml").toString(),
                "-s",
                bundle.toString(),
                "-d",
                out.toString()));

    assertEquals(254, run.exitCode(), run.stderr());
    assertTrue(
        run.stderr()
            .contains("permission denied: " + out.toRealPath() + " is not writable by this user"),
        run.stderr());
    assertFalse(run.stderr().contains("free some space"), run.stderr());
    try (Stream<Path> left = Files.list(out)) {
      assertEquals(0, left.count());
    }
  }
}
