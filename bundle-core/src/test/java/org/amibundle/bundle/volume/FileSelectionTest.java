package org.amibundle.bundle.volume;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;
import org.amibundle.bundle.volume.FileSelection.Decision;
import org.junit.jupiter.api.Test;

/** ec2-bundle-vol's rsync rules: includes first, fixed exclusions, -e, mounts, the filter. */
class FileSelectionTest {

  private final FileSelection defaults =
      new FileSelection(
          List.of(), List.of("/var/cache"), List.of("/net"), true, Set.of("/out/image"));

  @Test
  void sensitiveFiles_areLeftOutAnywhere_ordinaryNeighboursKept() {
    for (String path :
        List.of(
            "/srv/admin/.ssh/authorized_keys",
            "/srv/u/.ssh/id_rsa.pub",
            "/.bash_history",
            "/srv/u/.bash_history",
            "/etc/ssl/a.pem",
            "/x/.gnupg/pubring.kbx",
            "/a/#b#",
            "/a/.#b",
            "/a/b~",
            "/a/b.swp",
            "/a/.zsh_history",
            "/key.jks")) {
      assertEquals(Decision.LEAVE_OUT, defaults.decide(path, false), path);
    }
    for (String path :
        List.of(
            "/srv/admin/.ssh/known_hosts",
            "/etc/ssl/a.pem.txt",
            "/a/b.sw.txt",
            "/srv/u/.bashrc",
            "/x/.gnupg")) {
      assertEquals(Decision.COPY, defaults.decide(path, path.endsWith("gnupg")), path);
    }
  }

  @Test
  void modernKeysAndCredentials_areLeftOutInAnyLetterCase_publicHalvesAndHostKeysKept() {
    for (String path :
        List.of(
            "/home/ops/.ssh/id_ed25519",
            "/home/u/.ssh/id_ecdsa_sk",
            "/home/u/.SSH/ID_ED25519",
            "/home/ops/.ssh/id_rsa.pub",
            "/home/ops/.aws/credentials",
            "/home/ops/.aws/sso/cache",
            "/home/ops/.aws/cli/cache",
            "/home/ops/.docker/config.json",
            "/home/ops/.kube/config",
            "/home/ops/.netrc",
            "/home/ops/.git-credentials",
            "/var/lib/pg/.pgpass",
            "/etc/ssl/A.PEM",
            "/etc/ssl/a.Key",
            "/x/c.P12",
            "/x/c.pfx",
            "/x/p.ppk",
            "/x/a.keystore",
            "/srv/gpg/private-keys-v1.d",
            "/srv/gpg/SECRING.GPG",
            "/x/key.JKS",
            "/x/ID_RSA")) {
      assertEquals(
          Decision.LEAVE_OUT,
          defaults.decide(path, path.endsWith("cache") || path.endsWith(".d")),
          path);
    }
    for (String path :
        List.of(
            "/home/ops/.ssh/id_ed25519.pub",
            "/home/ops/.ssh/ID_ECDSA.PUB",
            "/etc/ssh/ssh_host_ed25519_key",
            "/usr/share/i18n/locales/id_ID",
            "/home/ops/.aws/config",
            "/home/ops/.kube/cache",
            "/home/ops/.docker/daemon.json",
            "/etc/ssl/a.keyring.txt")) {
      assertEquals(Decision.COPY, defaults.decide(path, false), path);
    }
  }

  @Test
  void fixedDirectories_mountPoints_excludesAndOwnFiles() {
    assertEquals(Decision.EMPTY_DIRECTORY, defaults.decide("/proc", true));
    assertEquals(Decision.EMPTY_DIRECTORY, defaults.decide("/dev", true));
    assertEquals(Decision.LEAVE_OUT, defaults.decide("/media", true));
    assertEquals(Decision.EMPTY_DIRECTORY, defaults.decide("/net", true));
    assertEquals(Decision.LEAVE_OUT, defaults.decide("/var/cache", true));
    assertEquals(Decision.COPY, defaults.decide("/srv/var/cache", true));
    assertEquals(Decision.LEAVE_OUT, defaults.decide("/out/image", false));
    assertEquals(Decision.COPY, defaults.decide("/proc2", true));
  }

  @Test
  void includesWin_noFilterCopiesSecrets_butOwnFilesStayOut() {
    FileSelection s =
        new FileSelection(
            List.of("/etc/ssl/*.pem", "/out/image"),
            List.of(),
            List.of(),
            true,
            Set.of("/out/image"));
    assertEquals(Decision.COPY, s.decide("/etc/ssl/a.pem", false));
    assertEquals(Decision.LEAVE_OUT, s.decide("/etc/ssl/sub/a.pem", false));
    assertEquals(Decision.LEAVE_OUT, s.decide("/out/image", false));
    FileSelection unfiltered = new FileSelection(List.of(), List.of(), List.of(), false, Set.of());
    assertEquals(Decision.COPY, unfiltered.decide("/srv/admin/.ssh/id_rsa", false));
  }

  @Test
  void patterns_followRsync() {
    assertEquals(true, RsyncPattern.of("/a/***").matches("/a", true));
    assertEquals(true, RsyncPattern.of("/a/***").matches("/a/b/c", false));
    assertEquals(false, RsyncPattern.of("/a/***").matches("/ab", false));
    assertEquals(true, RsyncPattern.of("tmp/").matches("/x/tmp", true));
    assertEquals(false, RsyncPattern.of("tmp/").matches("/x/tmp", false));
    assertEquals(true, RsyncPattern.of("f?le[0-9]").matches("/d/file7", false));
    assertEquals(false, RsyncPattern.of("/d/*").matches("/d/e/f", false));
    assertEquals(true, RsyncPattern.of("/d/**").matches("/d/e/f", false));
  }
}
