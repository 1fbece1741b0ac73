package org.amibundle.bundle.volume;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.Set;
import org.amibundle.NotFoundException;

/**
 * Puts the chosen {@code /etc/fstab} into the staging tree (docs/volume.md, "fstab"): the volume's
 * own is kept as {@code /etc/fstab.old} and the new one is a new file, never a write through a link
 * into the volume.
 */
final class FstabStager {

  private static final String FSTAB = "/etc/fstab";
  private static final String OLD = "/etc/fstab.old";

  private final FstabChoice choice;

  FstabStager(FstabChoice choice) {
    this.choice = choice;
  }

  /** The volume paths the staging tree must not link: they are written here instead. */
  Set<String> substitutes() {
    return choice instanceof FstabChoice.Keep ? Set.of() : Set.of(FSTAB, OLD);
  }

  /** Stages the new fstab; returns its content, or empty when the volume's own is kept. */
  Optional<String> stage(Path volume, StagingTree tree) throws IOException {
    String content;
    if (choice instanceof FstabChoice.Generate generate) {
      content = generate.text();
    } else if (choice instanceof FstabChoice.FromFile file) {
      if (!Files.isRegularFile(file.file())) {
        throw new NotFoundException("the fstab file " + file.file() + " does not exist");
      }
      content = Files.readString(file.file(), StandardCharsets.UTF_8);
    } else {
      return Optional.empty();
    }
    Path target = tree.staged(FSTAB);
    Files.createDirectories(target.getParent());
    Path source = volume.resolve(FSTAB.substring(1));
    if (Files.isRegularFile(source, LinkOption.NOFOLLOW_LINKS)) {
      try {
        Files.createLink(tree.staged(OLD), source);
      } catch (IOException e) {
        Files.copy(source, tree.staged(OLD), StandardCopyOption.COPY_ATTRIBUTES);
      }
    }
    Files.writeString(target, content, StandardCharsets.UTF_8);
    return Optional.of(content);
  }
}
