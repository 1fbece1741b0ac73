package org.amibundle.bundle.volume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import org.amibundle.bundle.BundleCredentials;
import org.amibundle.bundle.BundleRequest;
import org.amibundle.bundle.BundleResult;
import org.amibundle.bundle.Bundler;
import org.amibundle.bundle.ImageSource;
import org.amibundle.bundle.ImageTarget;
import org.amibundle.bundle.UnbundleRequest;
import org.amibundle.bundle.Unbundler;
import org.amibundle.manifest.keys.PemFiles;
import org.amibundle.testing.ExternalTool;
import org.amibundle.testing.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A unique marker planted in every kind of file the sensitive-file filter removes and in an
 * {@code -e} directory appears nowhere in the raw image nor in the image unbundled from the
 * bundle, while a marker in an ordinary file is found in both (so the search itself works).
 */
class SecretsNeverReachTheImageTest {

  /** Files the default filter leaves out, volume-relative. */
  static final List<String> FILTERED = List.of(
      "root/.ssh/id_rsa", "root/.ssh/id_rsa.pub", "home/u/.ssh/id_dsa",
      "home/u/.ssh/authorized_keys", "root/.bash_history", ".bash_history", "home/u/.zsh_history",
      "etc/ssl/private/server.pem", "etc/pki/host.priv", "home/u/.gnupg/secring.gpg",
      "home/u/backup.gpg", "opt/app/keystore.jks", "home/u/notes.txt~", "home/u/.notes.txt.swp",
      "home/u/.x.swo", "home/u/x.sw", "home/u/docs/#draft#", "home/u/docs/.#lock");

  @TempDir Path work;

  @Test
  void filteredAndExcludedFiles_appearNowhereInImageOrBundle() throws IOException {
    String secret = "AMIBUNDLE-SECRET-" + HexFormat.of().formatHex(SecureRandom.getSeed(16));
    String visible = "AMIBUNDLE-VISIBLE-" + HexFormat.of().formatHex(SecureRandom.getSeed(16));
    Path volume = work.resolve("volume");
    for (String file : FILTERED) {
      SourceTrees.write(volume, file, "key material " + secret + "\n");
    }
    SourceTrees.write(volume, "srv/private/data.txt", secret);
    SourceTrees.write(volume, "srv/public/readme.txt", visible);
    Path out = Files.createDirectories(work.resolve("out"));

    VolumeImage image = new VolumeCloner().clone(
        VolumeRequest.builder(volume, out).sizeMiB(32).exclude("srv/private").build(),
        new VolumeProgress() {});

    assertEquals(0, count(image.image(), secret), "secret marker in the image");
    assertEquals(1, count(image.image(), visible), "visible marker missing: the search is broken");
    try (MountedImage mounted = MountedImage.mount(image.image(), work.resolve("mnt"))) {
      for (String file : FILTERED) {
        assertTrue(Files.notExists(mounted.root().resolve(file)), file + " was copied");
      }
      assertTrue(Files.isDirectory(mounted.root().resolve("root/.ssh")));
      assertTrue(Files.notExists(mounted.root().resolve("srv/private")));
    }

    Path unbundled = bundleAndUnbundle(image.image(), Files.createDirectories(work.resolve("bundle")));
    assertEquals(0, count(unbundled, secret), "secret marker in the unbundled image");
    assertEquals(1, count(unbundled, visible), "visible marker missing from the unbundled image");
    assertEquals(sha256(image.image()), sha256(unbundled));
  }

  private Path bundleAndUnbundle(Path image, Path bundleDir) throws IOException {
    BundleCredentials credentials = new BundleCredentials(
        PemFiles.readCertificate(TestData.userCert()), PemFiles.readPrivateKey(TestData.userKey()),
        PemFiles.readCertificate(TestData.ec2Cert()));
    BundleResult bundle = new Bundler().bundle(
        BundleRequest.builder(ImageSource.file(image), bundleDir, credentials)
            .accountId("111122223333").architecture("x86_64").build());
    Path restored = Files.createDirectories(work.resolve("restored"));
    return new Unbundler().unbundle(UnbundleRequest.of(bundle.manifestFile(),
        PemFiles.readPrivateKey(TestData.userKey()), ImageTarget.directory(restored)))
        .image().orElseThrow();
  }

  /** {@code grep -c -a}: lines of the file holding the marker. */
  private static int count(Path file, String marker) {
    ExternalTool.Result grep = ExternalTool.run(null, "grep", "-c", "-a", "-F", marker, file.toString());
    assertTrue(grep.exitCode() <= 1, grep.stderr());
    return Integer.parseInt(grep.stdoutText().trim());
  }

  private static String sha256(Path file) {
    return ExternalTool.run(null, "sha256sum", file.toString()).orFail().stdoutText().split(" ")[0];
  }
}
