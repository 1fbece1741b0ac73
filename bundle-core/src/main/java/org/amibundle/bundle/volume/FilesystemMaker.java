package org.amibundle.bundle.volume;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.amibundle.BadInputException;
import org.amibundle.LocalIoException;
import org.amibundle.Setting;
import org.amibundle.bundle.internal.process.ExternalProgram;
import org.amibundle.bundle.internal.staging.WorkEntry;
import org.amibundle.bundle.internal.staging.WriteFailures;

/**
 * Makes the image's filesystem with e2fsprogs, on the image file itself at the partition's offset,
 * so that no loop device, mount or root is needed: {@code mke2fs -d} copies the staging tree in;
 * {@code debugfs} then gives the root directory the volume root's mode and times and creates the
 * device nodes ec2-bundle-vol puts in {@code /dev}.
 */
final class FilesystemMaker {

  /**
   * ec2-bundle-vol's {@code /dev} (docs/volume.md, "The filesystem"): name, type, major, minor,
   * mode.
   */
  private static final List<String> DEVICE_NODES =
      List.of("null c 1 3 020666", "zero c 1 5 020666", "tty c 5 0 020666", "console c 5 1 020600");

  /** mke2fs's default bytes per inode for ext4 above 512 MiB. */
  private static final long BYTES_PER_INODE = 16384;

  private FilesystemMaker() {}

  /**
   * Makes a filesystem of {@code bytes} at {@code offset} in {@code image} holding {@code tree},
   * whose root gets the metadata of {@code volume}.
   */
  static void make(
      Path image,
      long offset,
      long bytes,
      SourceFilesystem fs,
      StagingTree tree,
      Path volume,
      Path scratch)
      throws IOException {
    Map<String, Object> root =
        Files.readAttributes(
            volume, "unix:mode,uid,gid,lastAccessTime,lastModifiedTime", LinkOption.NOFOLLOW_LINKS);
    List<String> mke2fs =
        new ArrayList<>(List.of("mke2fs", "-F", "-q", "-t", fs.type(), "-m", "1"));
    fs.label().ifPresent(label -> mke2fs.addAll(List.of("-L", label)));
    fs.uuid().ifPresent(uuid -> mke2fs.addAll(List.of("-U", uuid.toString())));
    if (!fs.features().isEmpty()) {
      mke2fs.addAll(List.of("-O", "none," + String.join(",", fs.features())));
    }
    long inodes = tree.entries() + tree.entries() / 4 + 1024;
    if (inodes > bytes / BYTES_PER_INODE) {
      mke2fs.addAll(List.of("-N", Long.toString(inodes)));
    }
    mke2fs.addAll(
        List.of(
            "-E",
            "offset=" + offset + ",root_owner=" + root.get("uid") + ":" + root.get("gid"),
            "-d",
            tree.root().toString(),
            image.toString(),
            (bytes / 1024) + "k"));
    ExternalProgram.Outcome made = VolumePrograms.of(mke2fs).run();
    if (made.exitCode() != 0) {
      String errors = made.stderr().strip();
      if (errors.contains("No space left on device")) {
        // The disk holding the (sparse) image is full, not the filesystem inside it.
        throw WriteFailures.of(
            "the filesystem into " + image.getFileName(),
            Objects.requireNonNullElse(image.toAbsolutePath().getParent(), Path.of("/")),
            new IOException(errors));
      }
      if (errors.contains("allocate") || errors.contains("space") || errors.contains("inode")) {
        throw new BadInputException(
            "the selected files ("
                + (tree.bytes() >> 20)
                + " MiB in "
                + tree.entries()
                + " entries) do not fit in a filesystem of "
                + (bytes >> 20)
                + " MiB: give "
                + Setting.SIZE
                + " a larger value (mke2fs: "
                + errors
                + ")");
      }
      throw new LocalIoException(
          "mke2fs could not make the " + fs.type() + " filesystem of " + image + ": " + errors);
    }
    debugfs(image, offset, root, scratch);
  }

  private static void debugfs(Path image, long offset, Map<String, Object> root, Path scratch)
      throws IOException {
    List<String> commands = new ArrayList<>();
    commands.add("sif / mode 0" + Integer.toOctalString((Integer) root.get("mode")));
    commands.add(
        "sif / atime @" + ((FileTime) root.get("lastAccessTime")).toInstant().getEpochSecond());
    commands.add(
        "sif / mtime @" + ((FileTime) root.get("lastModifiedTime")).toInstant().getEpochSecond());
    commands.add("cd /dev");
    for (String node : DEVICE_NODES) {
      String[] f = node.split(" ");
      commands.add("mknod " + f[0] + " " + f[1] + " " + f[2] + " " + f[3]);
      commands.add("sif " + f[0] + " mode " + f[4]);
    }
    commands.add("symlink X0R null");
    try (WorkEntry work = WorkEntry.file(scratch, "debugfs")) {
      Path script = work.path();
      Files.write(script, commands, StandardCharsets.UTF_8);
      ExternalProgram.Outcome done =
          VolumePrograms.of(
                  List.of("debugfs", "-w", "-f", script.toString(), image + "?offset=" + offset))
              .run();
      List<String> errors =
          done.stderr()
              .lines()
              .filter(line -> !line.startsWith("debugfs ") && !line.isBlank())
              .toList();
      if (done.exitCode() != 0 || !errors.isEmpty()) {
        throw new LocalIoException(
            "debugfs could not finish the filesystem of "
                + image
                + ": "
                + String.join("; ", errors));
      }
    }
  }
}
