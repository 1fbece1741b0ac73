package org.amibundle.bundle.volume;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.amibundle.LocalIoException;
import org.amibundle.bundle.internal.process.ExternalProgram;

/**
 * Copies named entries of one tree onto another with GNU tar, without recursion: {@code tar -c
 * --no-recursion} reads the names (NUL-separated, from standard input) with their metadata, xattrs
 * and ACLs, holes as holes, and {@code tar -x} applies it, setting directory metadata last (so the
 * times stay those of the source) on directories that already exist.
 */
final class TarCopy {

  private static final List<String> METADATA =
      List.of("--xattrs", "--xattrs-include=*", "--acls", "--numeric-owner");

  private TarCopy() {}

  static void copy(Path from, Path to, List<String> members, boolean asRoot)
      throws LocalIoException {
    List<String> create =
        new ArrayList<>(
            List.of(
                "tar",
                "-c",
                "--sparse",
                "--no-recursion",
                "--null",
                "-f",
                "-",
                "-C",
                from.toString(),
                "-T",
                "-"));
    create.addAll(2, METADATA);
    List<String> extract =
        new ArrayList<>(
            List.of(
                "tar",
                "-x",
                "-p",
                "-f",
                "-",
                "-C",
                to.toString(),
                asRoot ? "--same-owner" : "--no-same-owner"));
    extract.addAll(3, METADATA);
    List<ExternalProgram.Outcome> tar =
        ExternalProgram.pipe(
            ExternalProgram.of(create, "install GNU tar"),
            ExternalProgram.of(extract, "install GNU tar"),
            names -> {
              for (String member : members) {
                names.write(member.getBytes(StandardCharsets.UTF_8));
                names.write(0);
              }
            });
    int created = tar.get(0).exitCode();
    int extracted = tar.get(1).exitCode();
    if (created != 0 || extracted != 0) {
      throw new LocalIoException(
          "tar could not copy "
              + members.size()
              + " directories and unlinkable files from "
              + from
              + " (exit "
              + created
              + "/"
              + extracted
              + "): "
              + (tar.get(0).stderr() + tar.get(1).stderr()).strip());
    }
  }
}
