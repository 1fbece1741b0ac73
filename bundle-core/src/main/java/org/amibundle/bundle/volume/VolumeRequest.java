package org.amibundle.bundle.volume;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.amibundle.bundle.ProgressListener;

/**
 * What {@link VolumeCloner} copies and into what. Build one with {@link #builder}.
 *
 * @param volume the directory tree to copy, usually {@code /}
 * @param destination existing directory that receives the image file
 * @param name the image file's name in {@code destination}; it must not exist yet
 * @param sizeMiB the image size in MiB; empty: the selected files' size plus headroom
 * @param includes patterns copied even when excluded or filtered ({@code -i}), anchored at the
 *     volume root; {@link VolumeCloner} resolves them in the volume ({@link VolumePaths})
 * @param excludes patterns left out ({@code -e}), anchored at the volume root, resolved alike
 * @param filter whether the sensitive-file filter applies ({@code --no-filter} turns it off)
 * @param allFilesystems whether mounts of non-local filesystem types are copied too ({@code -a})
 * @param partitioning the partition table
 * @param fstab the image's {@code /etc/fstab}
 * @param script a program run with the mounted image's path before it is finished ({@code -S})
 * @param progress hears how far mke2fs has filled the image, in bytes of the selected files and
 *     directories (whole 4 KiB blocks, as they size a default image), measured by the image file's
 *     allocated blocks
 */
public record VolumeRequest(
    Path volume,
    Path destination,
    String name,
    OptionalLong sizeMiB,
    List<String> includes,
    List<String> excludes,
    boolean filter,
    boolean allFilesystems,
    Partitioning partitioning,
    FstabChoice fstab,
    Optional<Path> script,
    ProgressListener progress) {

  /** The image name ec2-bundle-vol uses by default. */
  public static final String DEFAULT_NAME = "image";

  public VolumeRequest {
    Objects.requireNonNull(volume, "volume");
    Objects.requireNonNull(destination, "destination");
    Objects.requireNonNull(partitioning, "partitioning");
    Objects.requireNonNull(fstab, "fstab");
    Objects.requireNonNull(script, "script");
    Objects.requireNonNull(progress, "progress (use ProgressListener.NONE)");
    if (name == null
        || name.isEmpty()
        || name.contains("/")
        || name.equals(".")
        || name.equals("..")) {
      throw new IllegalArgumentException(
          "the image name (prefix) must be a plain file name, got '" + name + "'");
    }
    if (sizeMiB.isPresent() && sizeMiB.getAsLong() < 8) {
      throw new IllegalArgumentException(
          "the image size must be at least 8 MiB, got " + sizeMiB.getAsLong());
    }
    includes = anchored(includes);
    excludes = anchored(excludes);
  }

  /**
   * {@code -e}/{@code -i} paths are relative to the volume: {@code var/tmp} means {@code /var/tmp}.
   */
  private static List<String> anchored(List<String> patterns) {
    return patterns.stream()
        .map(String::strip)
        .filter(p -> !p.isEmpty())
        .map(p -> p.startsWith("/") ? p : "/" + p)
        .toList();
  }

  public static Builder builder(Path volume, Path destination) {
    return new Builder(volume, destination);
  }

  /** Collects the optional fields of a {@link VolumeRequest}. */
  public static final class Builder {
    private final Path volume;
    private final Path destination;
    private String name = DEFAULT_NAME;
    private OptionalLong sizeMiB = OptionalLong.empty();
    private final List<String> includes = new ArrayList<>();
    private final List<String> excludes = new ArrayList<>();
    private boolean filter = true;
    private boolean allFilesystems;
    private Partitioning partitioning = Partitioning.AUTO;
    private FstabChoice fstab = FstabChoice.keep();
    private Path script;
    private ProgressListener progress = ProgressListener.NONE;

    private Builder(Path volume, Path destination) {
      this.volume = volume;
      this.destination = destination;
    }

    public Builder name(String name) {
      this.name = name;
      return this;
    }

    public Builder sizeMiB(long sizeMiB) {
      this.sizeMiB = OptionalLong.of(sizeMiB);
      return this;
    }

    public Builder include(String pattern) {
      includes.add(pattern);
      return this;
    }

    public Builder exclude(String pattern) {
      excludes.add(pattern);
      return this;
    }

    public Builder filter(boolean filter) {
      this.filter = filter;
      return this;
    }

    public Builder allFilesystems(boolean all) {
      this.allFilesystems = all;
      return this;
    }

    public Builder partitioning(Partitioning partitioning) {
      this.partitioning = partitioning;
      return this;
    }

    public Builder fstab(FstabChoice fstab) {
      this.fstab = fstab;
      return this;
    }

    public Builder script(Path script) {
      this.script = script;
      return this;
    }

    /** Who hears how far the filesystem is filled; nobody unless set. */
    public Builder progress(ProgressListener progress) {
      this.progress = progress;
      return this;
    }

    public VolumeRequest build() {
      return new VolumeRequest(
          volume,
          destination,
          name,
          sizeMiB,
          includes,
          excludes,
          filter,
          allFilesystems,
          partitioning,
          fstab,
          Optional.ofNullable(script),
          progress);
    }
  }
}
