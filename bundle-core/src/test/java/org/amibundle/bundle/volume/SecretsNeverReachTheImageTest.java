package org.amibundle.bundle.volume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * A unique marker planted in every kind of file the sensitive-file filter removes and in an {@code
 * -e} directory appears nowhere in the raw image nor in the image unbundled from the bundle, while
 * a marker in an ordinary file is found in both (so the search itself works).
 */
class SecretsNeverReachTheImageTest {

  /** Files the default filter leaves out, volume-relative. */
  static final List<String> FILTERED =
      List.of(
          "root/.ssh/id_rsa",
          "root/.ssh/id_rsa.pub",
          "home/u/.ssh/id_dsa",
          "home/u/.ssh/authorized_keys",
          "root/.bash_history",
          ".bash_history",
          "home/u/.zsh_history",
          "etc/ssl/private/server.pem",
          "etc/pki/host.priv",
          "home/u/.gnupg/secring.gpg",
          "home/u/backup.gpg",
          "opt/app/keystore.jks",
          "home/u/notes.txt~",
          "home/u/.notes.txt.swp",
          "home/u/.x.swo",
          "home/u/x.sw",
          "home/u/docs/#draft#",
          "home/u/docs/.#lock",
          // beyond the reference's list: modern keys, cloud and tool credentials, any letter case
          "root/.ssh/id_ed25519",
          "home/u/.ssh/id_ecdsa",
          "home/u/.ssh/id_ed25519_sk",
          "root/.aws/credentials",
          "home/u/.aws/sso/cache/0123abcd.json",
          "home/u/.aws/cli/cache/role.json",
          "root/.docker/config.json",
          "home/u/.kube/config",
          "root/.netrc",
          "home/u/.git-credentials",
          "var/lib/postgresql/.pgpass",
          "etc/ssl/private/SERVER.PEM",
          "etc/ssl/private/site.key",
          "etc/ssl/private/SITE.Key",
          "home/u/cert.p12",
          "home/u/cert.PFX",
          "home/u/putty.ppk",
          "home/u/.android/debug.keystore",
          "srv/gpghome/private-keys-v1.d/0123ABCD.key",
          "srv/gpghome/private-keys-v1.d/4567EF",
          "srv/gpghome/secring.gpg",
          "home/u/ID_RSA");

  /** Files next to the filtered ones that stay: public keys, configuration, SSH host keys. */
  static final List<String> KEPT =
      List.of(
          "root/.ssh/id_ed25519.pub",
          "home/u/.ssh/known_hosts",
          "root/.aws/config",
          "etc/ssh/ssh_host_ed25519_key",
          "etc/ssh/ssh_host_ed25519_key.pub",
          "usr/share/i18n/locales/id_ID",
          "srv/gpghome/pubring.kbx",
          "home/u/.docker/daemon.json");

  @TempDir Path work;

  @Test
  void filteredAndExcludedFiles_appearNowhereInImageOrBundle() throws IOException {
    String secret = "AMIBUNDLE-SECRET-" + HexFormat.of().formatHex(SecureRandom.getSeed(16));
    String visible = "AMIBUNDLE-VISIBLE-" + HexFormat.of().formatHex(SecureRandom.getSeed(16));
    Path volume = work.resolve("volume");
    for (String file : FILTERED) {
      SourceTrees.write(volume, file, "key material " + secret + "\n");
    }
    for (String file : KEPT) {
      SourceTrees.write(volume, file, "kept\n");
    }
    SourceTrees.write(volume, "srv/private/data.txt", secret);
    SourceTrees.write(volume, "srv/public/readme.txt", visible);
    Path out = Files.createDirectories(work.resolve("out"));

    VolumeImage image =
        new VolumeCloner()
            .clone(
                VolumeRequest.builder(volume, out).sizeMiB(32).exclude("srv/private").build(),
                new VolumeProgress() {});

    assertEquals(0, count(image.image(), secret), "secret marker in the image");
    assertEquals(1, count(image.image(), visible), "visible marker missing: the search is broken");
    try (MountedImage mounted = MountedImage.mount(image.image(), work.resolve("mnt"))) {
      for (String file : FILTERED) {
        assertTrue(Files.notExists(mounted.root().resolve(file)), file + " was copied");
      }
      for (String file : KEPT) {
        assertTrue(Files.exists(mounted.root().resolve(file)), file + " was left out");
      }
      assertTrue(Files.isDirectory(mounted.root().resolve("root/.ssh")));
      assertTrue(Files.notExists(mounted.root().resolve("srv/private")));
    }

    Path unbundled =
        bundleAndUnbundle(image.image(), Files.createDirectories(work.resolve("bundle")));
    assertEquals(0, count(unbundled, secret), "secret marker in the unbundled image");
    assertEquals(1, count(unbundled, visible), "visible marker missing from the unbundled image");
    assertEquals(sha256(image.image()), sha256(unbundled));
  }

  /**
   * The attack: {@code -e ./srv/a} (or {@code srv/sub/..}, a symbolic link on the way ...) was
   * listed under "Excluding:" and copied all the same. Every spelling now leaves its directory out,
   * and the list names exactly the directories left out.
   */
  @Test
  void excludeSpelledAnyWay_leavesItsDirectoryOut_andIsListedAsLeftOut() throws IOException {
    String secret = "AMIBUNDLE-SECRET-" + HexFormat.of().formatHex(SecureRandom.getSeed(16));
    String visible = "AMIBUNDLE-VISIBLE-" + HexFormat.of().formatHex(SecureRandom.getSeed(16));
    Path volume = work.resolve("volume");
    Map<String, String> spellings = new LinkedHashMap<>();
    spellings.put("./srv/dot", "srv/dot");
    spellings.put("srv/slash/", "srv/slash");
    spellings.put("//srv/doubled", "srv/doubled");
    spellings.put("/./srv/rooted", "srv/rooted");
    spellings.put("srv/parent/sub/..", "srv/parent");
    spellings.put("linked/behind", "data/behind");
    spellings.put("absolute-link/far", "data/far");
    spellings.put("srv/file.txt/", "srv/file.txt");
    for (String directory : spellings.values()) {
      SourceTrees.write(volume, directory + "/sub/secret.txt", secret);
    }
    SourceTrees.write(volume, "srv/public/readme.txt", visible);
    Files.delete(volume.resolve("srv/file.txt/sub/secret.txt"));
    Files.delete(volume.resolve("srv/file.txt/sub"));
    Files.delete(volume.resolve("srv/file.txt"));
    SourceTrees.write(volume, "srv/file.txt", secret);
    Files.createSymbolicLink(volume.resolve("linked"), Path.of("data"));
    Files.createSymbolicLink(volume.resolve("absolute-link"), Path.of("/data"));
    Path out = Files.createDirectories(work.resolve("out"));
    VolumeRequest.Builder request = VolumeRequest.builder(volume, out).sizeMiB(32);
    spellings.keySet().forEach(request::exclude);
    List<String> listed = new ArrayList<>();

    VolumeImage image =
        new VolumeCloner()
            .clone(
                request.build(),
                new VolumeProgress() {
                  @Override
                  public void excluding(List<String> paths) {
                    listed.addAll(paths);
                  }
                });

    assertEquals(0, count(image.image(), secret), "secret marker in the image");
    assertEquals(1, count(image.image(), visible), "visible marker missing: the search is broken");
    Path real = volume.toRealPath();
    List<String> expected = new ArrayList<>();
    FileSelection.ALWAYS_EXCLUDED.forEach(d -> expected.add(real + d));
    spellings.values().forEach(d -> expected.add(real.resolve(d).toString()));
    expected.add(out.toRealPath().resolve("image").toString());
    assertEquals(expected, listed);
    try (MountedImage mounted = MountedImage.mount(image.image(), work.resolve("mnt"))) {
      for (String directory : spellings.values()) {
        assertTrue(Files.notExists(mounted.root().resolve(directory)), directory + " was copied");
      }
      assertTrue(Files.isSymbolicLink(mounted.root().resolve("linked")));
    }
  }

  /** The attack: a directory named "x\nExcluding: ..." listed a line of its own. */
  @Test
  void excludedDirectoryNamedWithANewline_isListedOnOneLine_andLeftOut() throws IOException {
    String secret = "AMIBUNDLE-SECRET-" + HexFormat.of().formatHex(SecureRandom.getSeed(16));
    Path volume = work.resolve("volume");
    SourceTrees.write(volume, "srv/x\nExcluding: nothing/secret.txt", secret);
    Path out = Files.createDirectories(work.resolve("out"));
    List<String> listed = new ArrayList<>();

    VolumeImage image =
        new VolumeCloner()
            .clone(
                VolumeRequest.builder(volume, out)
                    .sizeMiB(32)
                    .exclude("srv/x\nExcluding: nothing")
                    .build(),
                new VolumeProgress() {
                  @Override
                  public void excluding(List<String> paths) {
                    listed.addAll(paths);
                  }
                });

    assertEquals(0, count(image.image(), secret), "secret marker in the image");
    assertTrue(
        listed.contains(volume.toRealPath() + "/srv/x\\nExcluding: nothing"), listed.toString());
    assertTrue(listed.stream().noneMatch(p -> p.contains("\n")), listed.toString());
  }

  @Test
  void excludeLeadingOutOfTheVolume_isRefused() throws IOException {
    Path volume = Files.createDirectories(work.resolve("volume/srv"));
    Path out = Files.createDirectories(work.resolve("out"));
    IllegalArgumentException refused =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new VolumeCloner()
                    .clone(
                        VolumeRequest.builder(volume.getParent(), out)
                            .exclude("srv/../../etc")
                            .build(),
                        new VolumeProgress() {}));
    assertTrue(refused.getMessage().contains("leads out of the volume"), refused.getMessage());
    IllegalArgumentException whole =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new VolumeCloner()
                    .clone(
                        VolumeRequest.builder(volume.getParent(), out).exclude("srv/..").build(),
                        new VolumeProgress() {}));
    assertTrue(whole.getMessage().contains("names the whole volume"), whole.getMessage());
  }

  /** {@code --no-filter} still copies what the filter would leave out, byte for byte. */
  @Test
  void noFilter_copiesTheSecretsTheFilterLeavesOut() throws IOException {
    String secret = "AMIBUNDLE-SECRET-" + HexFormat.of().formatHex(SecureRandom.getSeed(16));
    Path volume = work.resolve("volume");
    for (String file : FILTERED) {
      SourceTrees.write(volume, file, secret + "\n");
    }
    Path out = Files.createDirectories(work.resolve("out"));

    VolumeImage image =
        new VolumeCloner()
            .clone(
                VolumeRequest.builder(volume, out).sizeMiB(32).filter(false).build(),
                new VolumeProgress() {});

    assertEquals(FILTERED.size(), count(image.image(), secret));
  }

  private Path bundleAndUnbundle(Path image, Path bundleDir) throws IOException {
    BundleCredentials credentials =
        new BundleCredentials(
            PemFiles.readCertificate(TestData.userCert()),
            PemFiles.readPrivateKey(TestData.userKey()),
            PemFiles.readCertificate(TestData.ec2Cert()));
    BundleResult bundle =
        new Bundler()
            .bundle(
                BundleRequest.builder(ImageSource.file(image), bundleDir, credentials)
                    .accountId("111122223333")
                    .architecture("x86_64")
                    .build());
    Path restored = Files.createDirectories(work.resolve("restored"));
    return new Unbundler()
        .unbundle(
            UnbundleRequest.of(
                bundle.manifestFile(),
                PemFiles.readPrivateKey(TestData.userKey()),
                ImageTarget.directory(restored)))
        .image()
        .orElseThrow();
  }

  /** {@code grep -c -a}: lines of the file holding the marker. */
  private static int count(Path file, String marker) {
    ExternalTool.Result grep =
        ExternalTool.run(null, "grep", "-c", "-a", "-F", marker, file.toString());
    assertTrue(grep.exitCode() <= 1, grep.stderr());
    return Integer.parseInt(grep.stdoutText().trim());
  }

  private static String sha256(Path file) {
    return ExternalTool.run(null, "sha256sum", file.toString()).orFail().stdoutText().split(" ")[0];
  }
}
