package org.amibundle.bundle.volume;

import java.nio.file.Path;
import java.util.Objects;

/** What the image's {@code /etc/fstab} is (docs/volume.md, "fstab"). */
public sealed interface FstabChoice {

  /** The volume's own {@code /etc/fstab}, copied like any file (the default). */
  static FstabChoice keep() {
    return new Keep();
  }

  /**
   * ec2-bundle-vol's built-in EC2 table ({@code --generate-fstab}); {@code legacy} is the i386
   * variant with {@code /dev/sda2} on {@code /mnt} and swap on {@code /dev/sda3}.
   */
  static FstabChoice generate(boolean legacy) {
    return new Generate(legacy);
  }

  /** The content of {@code file} ({@code --fstab FILE}). */
  static FstabChoice fromFile(Path file) {
    return new FromFile(file);
  }

  /** Keep the volume's fstab. */
  record Keep() implements FstabChoice {}

  /** Write the built-in table. */
  record Generate(boolean legacy) implements FstabChoice {
    /** The table, with the two comment lines ec2-bundle-vol writes first. */
    public String text() {
      String[][] rows =
          legacy
              ? new String[][] {
                {"/dev/sda1", "/", "ext3", "defaults", "1", "1"},
                {"/dev/sda2", "/mnt", "ext3", "defaults", "0", "0"},
                {"/dev/sda3", "swap", "swap", "defaults", "0", "0"},
                {"none", "/proc", "proc", "defaults", "0", "0"},
                {"none", "/sys", "sysfs", "defaults", "0", "0"}
              }
              : new String[][] {
                {"/dev/sda1", "/", "ext3", "defaults", "1", "1"},
                {"/dev/sdb", "/mnt", "ext3", "defaults", "0", "0"},
                {"none", "/dev/pts", "devpts", "gid=5,mode=620", "0", "0"},
                {"none", "/proc", "proc", "defaults", "0", "0"},
                {"none", "/sys", "sysfs", "defaults", "0", "0"}
              };
      StringBuilder out = new StringBuilder();
      out.append(legacy ? "# Legacy /etc/fstab\n" : "# Default /etc/fstab\n");
      out.append("# Supplied by: ec2-ami-tools-1.5-3\n");
      for (String[] r : rows) {
        out.append(String.format("%-9s %-5s %-7s %s %s %s%n", (Object[]) r));
      }
      return out.toString();
    }
  }

  /** Copy a given file. */
  record FromFile(Path file) implements FstabChoice {
    public FromFile {
      Objects.requireNonNull(file, "file");
    }
  }
}
