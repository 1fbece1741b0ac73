package org.amibundle.manifest;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code image} element: what the bundle holds and how to open it. Parts are kept sorted by
 * index and their indices are exactly {@code 0..n-1}.
 *
 * @param name the image name (bundle prefix)
 * @param user the AWS account number without hyphens
 * @param type {@code machine}, {@code kernel} or {@code ramdisk}
 * @param kernelName the kernel file name, only for type {@code kernel}
 * @param ancestorAmiIds {@code ancestry/ancestor_ami_id} values, possibly empty
 * @param digest SHA-1 of the tar stream
 * @param size the image size in bytes
 * @param bundledSize the sum of the part sizes in bytes
 * @param keys the wrapped AES key and IV
 * @param parts the parts in index order
 */
public record ImageInfo(
    String name,
    String user,
    String type,
    Optional<String> kernelName,
    List<String> ancestorAmiIds,
    Digest digest,
    long size,
    long bundledSize,
    WrappedKeys keys,
    List<Part> parts) {

  /** The image type bundle tools write. */
  public static final String TYPE_MACHINE = "machine";

  public ImageInfo {
    Objects.requireNonNull(name, "image name");
    Objects.requireNonNull(user, "image user");
    Objects.requireNonNull(type, "image type");
    Objects.requireNonNull(kernelName, "kernelName (use Optional.empty())");
    ancestorAmiIds = List.copyOf(ancestorAmiIds);
    Objects.requireNonNull(digest, "image digest");
    Objects.requireNonNull(keys, "image keys");
    if (size < 0) {
      throw new IllegalArgumentException("image size must be >= 0, got " + size);
    }
    if (bundledSize < 0) {
      throw new IllegalArgumentException("bundled size must be >= 0, got " + bundledSize);
    }
    parts = parts.stream().sorted(Comparator.comparingInt(Part::index)).toList();
    for (int i = 0; i < parts.size(); i++) {
      if (parts.get(i).index() != i) {
        throw new IllegalArgumentException(
            "part indices must be exactly 0.."
                + (parts.size() - 1)
                + ", expected index "
                + i
                + " but got "
                + parts.get(i).index());
      }
    }
  }
}
