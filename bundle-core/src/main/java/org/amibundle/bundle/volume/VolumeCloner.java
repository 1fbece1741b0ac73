package org.amibundle.bundle.volume;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.amibundle.LocalIoException;
import org.amibundle.NotFoundException;
import org.amibundle.Printable;
import org.amibundle.Setting;
import org.amibundle.bundle.internal.progress.ProgressReporting;
import org.amibundle.bundle.internal.staging.WorkEntry;
import org.amibundle.partition.gpt.GptTable;

/**
 * ec2-bundle-vol's first half, without root: a directory tree becomes a disk image file holding a
 * partition table (or none) and an ext2/3/4 filesystem with the selected files. The image is
 * written under a hidden name in the destination (a {@link WorkEntry}) and renamed when complete;
 * it and the staging tree are removed on every path out, a stop of the process included.
 */
public final class VolumeCloner {

  private static final long MIB = 1L << 20;

  /** Headroom of a default-sized image: a fifth more than the files, plus 64 MiB (journal). */
  private static final long HEADROOM = 64 * MIB;

  /** It holds no state: one instance may make any number of images, from any threads. */
  public VolumeCloner() {}

  /**
   * Makes the image {@code request} describes; {@code progress} hears what happens, the request's
   * {@link VolumeRequest#progress} how far the filesystem is filled: {@code started} with the
   * selected files' bytes when mke2fs begins, {@code done} when the image is complete, {@code
   * failed} on any failure.
   */
  public VolumeImage clone(VolumeRequest request, VolumeProgress progress) throws IOException {
    return ProgressReporting.reported(request.progress(), () -> cloneReported(request, progress));
  }

  private VolumeImage cloneReported(VolumeRequest request, VolumeProgress progress)
      throws IOException {
    Path volume = realDirectory(request.volume(), "volume");
    Path destination = realDirectory(request.destination(), "destination");
    Path image = destination.resolve(request.name());
    if (Files.exists(image, LinkOption.NOFOLLOW_LINKS)) {
      throw new IllegalArgumentException(
          "the image file "
              + image
              + " exists already: remove it"
              + " or change "
              + Setting.PREFIX);
    }
    MountTable mounts = MountTable.read();
    Optional<MountTable.Mount> mount = mounts.at(volume);
    SourceDisk.Probe probe =
        mount
            .map(m -> SourceDisk.probe(m.source()))
            .orElseGet(() -> new SourceDisk.Unknown(volume + " is not a mount point"));
    try (WorkEntry work = WorkEntry.file(destination, request.name());
        StagingTree tree = StagingTree.create(stagingParent(volume, destination))) {
      Path partial = work.path(); // created 0600 less the umask: a disk image is private
      FileSelection selection =
          selection(request, volume, mounts, Set.of(tree.root(), partial, image));
      List<String> shown = new ArrayList<>();
      selection
          .excludedForDisplay()
          .forEach(p -> shown.add(Printable.of(volume.resolve(p.substring(1)))));
      shown.add(Printable.of(image));
      progress.excluding(shown);
      Partitioning partitioning = decide(request.partitioning(), probe, progress);
      SourceFilesystem fs =
          mount.isPresent() ? SourceFilesystem.of(mount.get()) : SourceFilesystem.fresh();
      if (!fs.copied()) {
        progress.note(
            "The image gets a new ext4 filesystem with a fresh UUID: "
                + volume
                + " is not the root of a readable ext2/3/4 filesystem.");
      }
      FstabStager fstab = new FstabStager(request.fstab());
      tree.fill(volume, selection, fstab.substitutes());
      fstab.stage(volume, tree).ifPresent(progress::fstab);
      for (String dir : List.of("/dev", "/mnt", "/proc", "/sys")) {
        Files.createDirectories(tree.staged(dir));
      }
      tree.copyMetadata(volume, isRoot());
      if (!tree.copied().isEmpty()) {
        progress.note(
            tree.copied().size()
                + " files lie on another filesystem than the staging"
                + " tree and were copied, not linked.");
      }
      long size = request.sizeMiB().orElse(defaultSizeMiB(tree, partitioning)) * MIB;
      ImageLayout layout = ImageLayout.of(partitioning, size, probe);
      try (FileChannel channel =
          FileChannel.open(partial, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
        channel.truncate(0);
        channel.write(java.nio.ByteBuffer.allocate(1), size - 1);
        layout.write(channel, size, probe).ifPresent(progress::warning);
      }
      try (FillWatch watch = FillWatch.start(partial, tree.bytes(), request.progress())) {
        FilesystemMaker.make(
            partial, layout.offset(), layout.bytes(), fs, tree, volume, destination);
        watch.finish();
      }
      if (request.script().isPresent()) {
        ScriptRunner.run(request.script().get(), partial, layout.offset(), fs.type(), destination);
      }
      work.guarded(() -> Files.move(partial, image, StandardCopyOption.ATOMIC_MOVE));
      work.release();
      return new VolumeImage(image, size, partitioning, fs.type(), tree.entries());
    }
  }

  private static Partitioning decide(
      Partitioning requested, SourceDisk.Probe probe, VolumeProgress progress) {
    if (requested != Partitioning.AUTO) {
      return requested;
    }
    Partitioning chosen = Partitioning.GPT;
    if (probe instanceof SourceDisk.Partitioned p) {
      chosen = p.disk().table() instanceof GptTable ? Partitioning.GPT : Partitioning.MBR;
    } else if (probe instanceof SourceDisk.WholeDisk) {
      chosen = Partitioning.NONE;
    }
    progress.note(
        chosen == Partitioning.NONE
            ? "Not partitioning boot device."
            : "Partition type: "
                + chosen
                + (probe instanceof SourceDisk.Unknown u
                    ? " (" + u.why() + ")"
                    : " (as the volume's disk)"));
    return chosen;
  }

  private static FileSelection selection(
      VolumeRequest request, Path volume, MountTable mounts, Set<Path> internal)
      throws IOException {
    List<String> includes = normalised(volume, request.includes());
    List<String> excludes = normalised(volume, request.excludes());
    for (String path : concat(includes, excludes)) {
      if (RsyncPattern.of(path).isLiteral()
          && !Files.exists(volume.resolve(path.substring(1)), LinkOption.NOFOLLOW_LINKS)) {
        throw new IllegalArgumentException(
            "path "
                + Printable.of(path)
                + " of "
                + Setting.EXCLUDE_OR_INCLUDE
                + " matches nothing in volume "
                + Printable.of(volume)
                + ": give paths relative to the volume");
      }
    }
    List<String> foreign =
        request.allFilesystems()
            ? List.of()
            : mounts.foreignBelow(volume).stream()
                .map(m -> "/" + volume.relativize(m.mountPoint()))
                .toList();
    Set<String> own = new HashSet<>();
    for (Path p : internal) {
      if (p.startsWith(volume)) {
        own.add("/" + volume.relativize(p));
      }
    }
    return new FileSelection(includes, excludes, foreign, request.filter(), own);
  }

  /**
   * The staging tree must be on the volume's filesystem for its links: in the destination when it
   * is, else at the top of the volume when that is writable, else in the destination (then every
   * file is copied into it).
   */
  private static Path stagingParent(Path volume, Path destination) throws IOException {
    Object volumeDevice = Files.getAttribute(volume, "unix:dev");
    if (volumeDevice.equals(Files.getAttribute(destination, "unix:dev"))
        || !Files.isWritable(volume)) {
      return destination;
    }
    return volume;
  }

  private static long defaultSizeMiB(StagingTree tree, Partitioning partitioning) {
    long bytes = tree.bytes() + tree.bytes() / 5 + tree.entries() * 256 + HEADROOM;
    return (bytes + MIB - 1) / MIB + (partitioning == Partitioning.NONE ? 0 : 3);
  }

  private static Path realDirectory(Path path, String what) throws IOException {
    if (!Files.isDirectory(path)) {
      throw new NotFoundException("the " + what + " directory " + path + " does not exist");
    }
    try {
      return path.toRealPath();
    } catch (IOException e) {
      throw new LocalIoException("cannot resolve " + what + " " + path + ": " + e.getMessage(), e);
    }
  }

  private static boolean isRoot() throws IOException {
    return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
  }

  private static List<String> normalised(Path volume, List<String> patterns) throws IOException {
    List<String> spelled = new ArrayList<>();
    for (String pattern : patterns) {
      spelled.add(VolumePaths.normalise(volume, pattern));
    }
    return spelled;
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }
}
