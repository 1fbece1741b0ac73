package org.amibundle.bundle.volume;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The image {@link VolumeCloner} made.
 *
 * @param image the image file
 * @param size its size in bytes
 * @param partitioning the table it has: none, mbr or gpt
 * @param filesystem ext2, ext3 or ext4
 * @param entries files, directories and other entries copied
 */
public record VolumeImage(
    Path image, long size, Partitioning partitioning, String filesystem, long entries) {

  public VolumeImage {
    Objects.requireNonNull(image, "image");
    if (partitioning == Partitioning.AUTO) {
      throw new IllegalArgumentException("an image's partitioning is none, mbr or gpt, not auto");
    }
  }
}
