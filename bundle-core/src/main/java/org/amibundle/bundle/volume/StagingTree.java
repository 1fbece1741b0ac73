package org.amibundle.bundle.volume;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.amibundle.AmiBundleException;
import org.amibundle.LocalIoException;
import org.amibundle.Printable;
import org.amibundle.Setting;
import org.amibundle.bundle.internal.staging.WorkEntry;
import org.amibundle.bundle.volume.FileSelection.Decision;

/**
 * The filtered view of the volume that {@code mke2fs -d} copies into the image: a hidden directory
 * holding only the selected entries, so that excluded and filtered files are never read.
 *
 * <p>Why a tree of hard links (and not debugfs commands per file): a hard link is the source's own
 * inode, so {@code mke2fs -d} sees its exact content, holes, owner, mode, times, extended
 * attributes and ACLs, and groups hard-linked names by inode, for every file type (device nodes,
 * FIFOs, sockets and symbolic links link like files) without root and without copying a byte;
 * debugfs scripting would need quoting of arbitrary names and one command per attribute.
 * Directories cannot be linked: they are made here and get the source's metadata (xattrs and ACLs
 * included) from one {@code tar --no-recursion} pass over them. Files on another filesystem than
 * the tree (a linked name must stay on one) are copied by the same tar pass.
 *
 * <p>Nothing here ever opens a linked file for writing: a write would change the source. The one
 * file bundle-vol substitutes ({@code /etc/fstab}) is a new file. The tree is a {@link WorkEntry}:
 * removed by {@link #close}, by a shutdown hook if the process is stopped first, or by the next run
 * if the process was killed outright.
 */
final class StagingTree implements AutoCloseable {

  private static final long BLOCK = 4096;

  private final WorkEntry work;
  private final Path root;
  private final List<String> directories = new ArrayList<>();
  private final List<String> copied = new ArrayList<>();
  private long entries;
  private long bytes;

  private StagingTree(WorkEntry work) {
    this.work = work;
    this.root = work.path();
  }

  /** A new empty tree {@code .amibundle-stage-*} in {@code parent}. */
  static StagingTree create(Path parent) throws IOException {
    try {
      return new StagingTree(WorkEntry.directory(parent, "stage"));
    } catch (InterruptedIOException e) {
      throw e;
    } catch (IOException e) {
      throw new LocalIoException(
          "cannot create the staging tree in "
              + parent
              + ": "
              + e.getMessage()
              + "; choose a writable destination with "
              + Setting.DESTINATION,
          e);
    }
  }

  Path root() {
    return root;
  }

  /** Entries in the tree, the root included. */
  long entries() {
    return entries;
  }

  /** Bytes the selected files and directories take, in whole 4 KiB blocks. */
  long bytes() {
    return bytes;
  }

  /** Selected files that could not be linked and were copied. */
  List<String> copied() {
    return List.copyOf(copied);
  }

  /**
   * Fills the tree with the entries of {@code volume} that {@code selection} keeps. {@code
   * substitutes} are volume-relative paths whose source file is not linked (an fstab being
   * replaced); the caller writes their new content afterwards.
   */
  void fill(Path volume, FileSelection selection, Set<String> substitutes) throws IOException {
    try {
      Files.walkFileTree(
          volume,
          EnumSet.noneOf(java.nio.file.FileVisitOption.class),
          Integer.MAX_VALUE,
          new Linker(volume, selection, substitutes));
    } catch (AmiBundleException | InterruptedIOException e) {
      throw e;
    } catch (IOException e) {
      throw new LocalIoException(
          "cannot read "
              + e.getMessage()
              + " in volume "
              + volume
              + ": exclude it with "
              + Setting.EXCLUDE
              + " or run as a user who can read it",
          e);
    }
  }

  /**
   * Gives every directory of the tree the metadata of its source directory and copies the files
   * that could not be linked: one tar pipeline, with xattrs and ACLs, times set last.
   */
  void copyMetadata(Path volume, boolean asRoot) throws LocalIoException {
    // files first: tar sets a directory's times when it has done with it, and a file written
    // into it afterwards would change them again
    List<String> members = new ArrayList<>(copied);
    members.addAll(directories);
    TarCopy.copy(volume, root, members, asRoot);
  }

  private final class Linker extends SimpleFileVisitor<Path> {
    private final Path volume;
    private final FileSelection selection;
    private final Set<String> substitutes;

    Linker(Path volume, FileSelection selection, Set<String> substitutes) {
      this.volume = volume;
      this.selection = selection;
      this.substitutes = substitutes;
    }

    @Override
    public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs)
        throws IOException {
      String rel = relative(dir);
      Decision decision = rel.equals("/") ? Decision.COPY : selection.decide(rel, true);
      if (decision == Decision.LEAVE_OUT) {
        return FileVisitResult.SKIP_SUBTREE;
      }
      if (!rel.equals("/")) {
        work.guarded(() -> Files.createDirectory(staged(rel)));
      }
      directories.add(rel.equals("/") ? "." : rel.substring(1));
      entries++;
      bytes += BLOCK;
      return decision == Decision.COPY ? FileVisitResult.CONTINUE : FileVisitResult.SKIP_SUBTREE;
    }

    @Override
    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
      String rel = relative(file);
      if (substitutes.contains(rel) || selection.decide(rel, false) != Decision.COPY) {
        return FileVisitResult.CONTINUE;
      }
      try {
        work.guarded(() -> Files.createLink(staged(rel), file));
      } catch (InterruptedIOException e) {
        throw e;
      } catch (IOException | UnsupportedOperationException e) {
        copied.add(rel.substring(1));
      }
      entries++;
      bytes += (attrs.size() + BLOCK - 1) / BLOCK * BLOCK;
      return FileVisitResult.CONTINUE;
    }

    @Override
    public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
      throw new IOException(
          Printable.of(relative(file)) + " (" + Printable.of(e.getMessage()) + ")", e);
    }

    private String relative(Path path) {
      Path rel = volume.relativize(path);
      return rel.toString().isEmpty() ? "/" : "/" + rel;
    }
  }

  /** Where a volume-relative path ({@code /a/b}) lies in the tree. */
  Path staged(String rel) {
    return root.resolve(rel.substring(1));
  }

  @Override
  public void close() {
    work.close();
  }
}
