package org.amibundle.bundle.volume;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Which entries of the volume go into the image, decided as ec2-bundle-vol's rsync decides: the
 * {@code -i} patterns first (first match wins, so they override everything), then the always
 * excluded directories, {@code -e}, foreign mount points and the sensitive-file filter. An excluded
 * directory is not entered at all; the directories the image needs as mount points ({@code /dev
 * /mnt /proc /sys} and foreign mount points) are kept, empty.
 */
final class FileSelection {

  /** What becomes of one entry. */
  enum Decision {
    COPY,
    EMPTY_DIRECTORY,
    LEAVE_OUT
  }

  /** ec2-bundle-vol's excluded directories (docs/volume.md, "Selection"). */
  static final List<String> ALWAYS_EXCLUDED = List.of("/dev", "/media", "/mnt", "/proc", "/sys");

  /**
   * Of those, the ones ec2-bundle-vol recreates, empty, in the image (docs/volume.md, "Selection").
   */
  private static final Set<String> RECREATED = Set.of("/dev", "/mnt", "/proc", "/sys");

  /**
   * The sensitive-file filter as rsync filter rules, matched in any letter case: the first rule
   * that matches decides, {@code -} leaves the entry out, {@code +} keeps it. First
   * ec2-bundle-vol's list, then what euca-bundle-vol adds (zsh history, GnuPG homes), then
   * amibundle's: private keys of any type in {@code .ssh} (their {@code .pub} halves stay; the
   * reference's {@code *id_rsa*} and {@code *id_dsa*} still take both), cloud and tool credentials,
   * more key and keystore file types and GnuPG private keyrings outside {@code .gnupg}. SSH host
   * keys ({@code /etc/ssh/ssh_host_*_key}) are not in it: see the bundle-vol manual.
   */
  static final List<String> SENSITIVE =
      List.of(
          "- */#*#",
          "- */.#*",
          "- *.sw",
          "- *.swo",
          "- *.swp",
          "- *~",
          "- *.pem",
          "- *.priv",
          "- *id_rsa*",
          "- *id_dsa*",
          "- *.gpg",
          "- *.jks",
          "- */.ssh/authorized_keys",
          "- */.bash_history",
          "- */.zsh_history",
          "- */.gnupg/**",
          "+ */.ssh/id_*.pub",
          "- */.ssh/id_*",
          "- */.aws/credentials",
          "- */.aws/sso/cache",
          "- */.aws/cli/cache",
          "- */.docker/config.json",
          "- */.kube/config",
          "- */.netrc",
          "- */.git-credentials",
          "- */.pgpass",
          "- *.key",
          "- *.p12",
          "- *.pfx",
          "- *.ppk",
          "- *.keystore",
          "- */private-keys-v1.d");

  /** One rule of {@link #SENSITIVE}. */
  private record FilterRule(boolean keep, RsyncPattern pattern) {
    static FilterRule of(String rule) {
      return new FilterRule(rule.startsWith("+ "), RsyncPattern.ofAnyCase(rule.substring(2)));
    }
  }

  private final List<RsyncPattern> includes;
  private final List<RsyncPattern> excludes;
  private final List<RsyncPattern> mountPoints;
  private final List<FilterRule> filter;
  private final Set<String> internal;

  /**
   * @param includes {@code -i} patterns
   * @param excludes {@code -e} patterns
   * @param mountPoints volume-relative mount points of filesystems that are not copied
   * @param filter whether the sensitive-file filter applies
   * @param internal volume-relative paths of bundle-vol's own files (image, staging tree), never
   *     copied, whatever {@code -i} says
   */
  FileSelection(
      List<String> includes,
      List<String> excludes,
      List<String> mountPoints,
      boolean filter,
      Set<String> internal) {
    this.includes = includes.stream().map(RsyncPattern::of).toList();
    this.excludes = excludes.stream().map(RsyncPattern::of).toList();
    this.mountPoints = mountPoints.stream().map(RsyncPattern::of).toList();
    this.filter = filter ? SENSITIVE.stream().map(FilterRule::of).toList() : List.of();
    this.internal = Set.copyOf(internal);
  }

  /** The decision for {@code path} ({@code /a/b}, relative to the volume). */
  Decision decide(String path, boolean directory) {
    if (internal.contains(path)) {
      return Decision.LEAVE_OUT;
    }
    if (matchesAny(includes, path, directory)) {
      return Decision.COPY;
    }
    if (ALWAYS_EXCLUDED.contains(path) && directory) {
      return RECREATED.contains(path) ? Decision.EMPTY_DIRECTORY : Decision.LEAVE_OUT;
    }
    if (matchesAny(excludes, path, directory)) {
      return Decision.LEAVE_OUT;
    }
    if (directory && matchesAny(mountPoints, path, true)) {
      return Decision.EMPTY_DIRECTORY;
    }
    for (FilterRule rule : filter) {
      if (rule.pattern().matches(path, directory)) {
        return rule.keep() ? Decision.COPY : Decision.LEAVE_OUT;
      }
    }
    return Decision.COPY;
  }

  /** What ec2-bundle-vol prints under {@code Excluding:}: directories and paths left out. */
  List<String> excludedForDisplay() {
    List<String> shown = new ArrayList<>(ALWAYS_EXCLUDED);
    excludes.forEach(p -> shown.add(p.text()));
    mountPoints.forEach(p -> shown.add(p.text()));
    return shown;
  }

  private static boolean matchesAny(List<RsyncPattern> patterns, String path, boolean directory) {
    for (RsyncPattern p : patterns) {
      if (p.matches(path, directory)) {
        return true;
      }
    }
    return false;
  }
}
