package org.amibundle.bundle.volume;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.amibundle.LocalIoException;
import org.amibundle.bundle.internal.process.ExternalProgram;

/**
 * The filesystem the image gets: the type, label and UUID of the volume's own filesystem when the
 * volume is the root of an ext2/3/4 mount (boot configurations refer to them), else ext4 with a
 * fresh UUID.
 *
 * @param type ext2, ext3 or ext4
 * @param label the label to give, if any
 * @param uuid the UUID to give; empty lets mke2fs choose a fresh one
 * @param features the source's feature set (dumpe2fs), so that the image's kernel, e2fsck and boot
 *     loader know every feature it has; empty: mke2fs's defaults
 * @param copied whether type, label and UUID are the source's
 */
record SourceFilesystem(
    String type,
    Optional<String> label,
    Optional<UUID> uuid,
    List<String> features,
    boolean copied) {

  /** Feature flags that describe a filesystem's state, not its format: never set by mke2fs. */
  private static final Set<String> STATE = Set.of("needs_recovery", "orphan_present");

  static final Set<String> EXT = Set.of("ext2", "ext3", "ext4");

  private static final Path BY_UUID = Path.of("/dev/disk/by-uuid");
  private static final Path BY_LABEL = Path.of("/dev/disk/by-label");

  SourceFilesystem {
    if (!EXT.contains(type)) {
      throw new IllegalArgumentException("filesystem type must be ext2, ext3 or ext4, got " + type);
    }
    features = List.copyOf(features);
  }

  /** A fresh ext4 filesystem: what the image gets when the source is no ext mount. */
  static SourceFilesystem fresh() {
    return new SourceFilesystem("ext4", Optional.empty(), Optional.empty(), List.of(), false);
  }

  /**
   * The identity of {@code mount}'s filesystem: from {@code blkid} (which reads the device, so
   * needs root or its cache), else from the {@code /dev/disk/by-uuid} and {@code by-label} links.
   */
  static SourceFilesystem of(MountTable.Mount mount) throws LocalIoException {
    if (!EXT.contains(mount.type())) {
      return fresh();
    }
    Optional<String> label = Optional.empty();
    Optional<UUID> uuid = Optional.empty();
    ExternalProgram.Outcome blkid =
        VolumePrograms.of(List.of("blkid", "-o", "export", mount.source()))
            .within(ExternalProgram.QUICK)
            .run();
    if (blkid.exitCode() == 0) {
      label = exported(blkid.stdout(), "LABEL");
      uuid = exported(blkid.stdout(), "UUID").map(UUID::fromString);
    } else {
      uuid = linkNaming(BY_UUID, mount.source()).map(UUID::fromString);
      label = linkNaming(BY_LABEL, mount.source());
    }
    return new SourceFilesystem(
        mount.type(), label, uuid, features(mount.source()), uuid.isPresent());
  }

  /**
   * The value of {@code key} in the output of {@code blkid -o export}, which escapes characters a
   * shell would read (a space, {@code $}, a backslash, a quote) with a backslash: unescaped.
   */
  static Optional<String> exported(String blkidExport, String key) {
    String prefix = key + "=";
    return blkidExport
        .lines()
        .filter(line -> line.startsWith(prefix))
        .findFirst()
        .map(line -> line.substring(prefix.length()).replaceAll("\\\\(.)", "$1"));
  }

  /**
   * The feature list {@code dumpe2fs -h} shows (it reads the device: root); empty if unreadable.
   */
  private static List<String> features(String device) throws LocalIoException {
    ExternalProgram.Outcome dump =
        VolumePrograms.of(List.of("dumpe2fs", "-h", device)).within(ExternalProgram.QUICK).run();
    if (dump.exitCode() != 0) {
      return List.of();
    }
    return dump.stdout()
        .lines()
        .filter(l -> l.startsWith("Filesystem features:"))
        .findFirst()
        .map(
            l ->
                Arrays.stream(l.substring(l.indexOf(':') + 1).trim().split("\\s+"))
                    .filter(f -> !f.isEmpty() && !STATE.contains(f))
                    .toList())
        .orElse(List.of());
  }

  /** The name of the udev link in {@code dir} that points at {@code device}. */
  private static Optional<String> linkNaming(Path dir, String device) {
    if (!Files.isDirectory(dir)) {
      return Optional.empty();
    }
    try (DirectoryStream<Path> links = Files.newDirectoryStream(dir)) {
      Path target = Path.of(device).toRealPath();
      for (Path link : links) {
        if (link.toRealPath().equals(target)) {
          return Optional.of(link.getFileName().toString().replace("\\x20", " "));
        }
      }
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
    return Optional.empty();
  }
}
