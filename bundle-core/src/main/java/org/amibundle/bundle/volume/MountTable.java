package org.amibundle.bundle.volume;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.amibundle.LocalIoException;

/**
 * The mounts of this process ({@code /proc/self/mountinfo}): which filesystem holds the volume, and
 * which mount points below it hold filesystems ec2-bundle-vol leaves out.
 */
final class MountTable {

  /**
   * Filesystems copied into the image (ec2-bundle-vol's list, plus btrfs as euca-bundle-vol keeps
   * it); mounts of every other type below the volume stay empty directories unless {@code --all}.
   */
  static final Set<String> LOCAL_TYPES =
      Set.of("ext2", "ext3", "ext4", "xfs", "jfs", "reiserfs", "tmpfs", "btrfs");

  /** One mount: where, what type, from which device. */
  record Mount(Path mountPoint, String type, String source) {}

  private final List<Mount> mounts;

  MountTable(List<Mount> mounts) {
    this.mounts = List.copyOf(mounts);
  }

  static MountTable read() throws LocalIoException {
    Path file = Path.of("/proc/self/mountinfo");
    try {
      return parse(Files.readAllLines(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new LocalIoException("cannot read the mount table " + file + ": " + e.getMessage(), e);
    }
  }

  static MountTable parse(List<String> lines) {
    List<Mount> mounts = new ArrayList<>();
    for (String line : lines) {
      String[] fields = line.split(" ");
      int separator = List.of(fields).indexOf("-");
      if (fields.length < 5 || separator < 0 || separator + 2 >= fields.length) {
        continue;
      }
      mounts.add(
          new Mount(
              Path.of(unescape(fields[4])),
              fields[separator + 1],
              unescape(fields[separator + 2])));
    }
    return new MountTable(mounts);
  }

  /** The mount that holds {@code path} (a real path): the last one with the longest prefix. */
  Optional<Mount> holding(Path path) {
    Mount best = null;
    for (Mount m : mounts) {
      if (path.startsWith(m.mountPoint())
          && (best == null || m.mountPoint().getNameCount() >= best.mountPoint().getNameCount())) {
        best = m;
      }
    }
    return Optional.ofNullable(best);
  }

  /** The mount whose mount point is exactly {@code path}, if the volume is a mount point. */
  Optional<Mount> at(Path path) {
    return holding(path).filter(m -> m.mountPoint().equals(path));
  }

  /** Mount points strictly below {@code volume} whose type is not copied. */
  List<Mount> foreignBelow(Path volume) {
    return mounts.stream()
        .filter(m -> m.mountPoint().startsWith(volume) && !m.mountPoint().equals(volume))
        .filter(m -> !LOCAL_TYPES.contains(m.type()))
        .toList();
  }

  /** mountinfo escapes space, tab, newline and backslash as octal {@code \ooo}. */
  private static String unescape(String field) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < field.length(); i++) {
      char c = field.charAt(i);
      if (c == '\\'
          && i + 4 <= field.length()
          && field.substring(i + 1, i + 4).matches("[0-7]{3}")) {
        out.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
        i += 3;
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
