package org.amibundle.bundle.convert;

import java.nio.file.Path;
import java.security.PrivateKey;
import java.util.Objects;
import java.util.OptionalLong;
import org.amibundle.bundle.PartSource;
import org.amibundle.bundle.ProgressListener;
import org.amibundle.bundle.SignatureCheck;
import org.amibundle.manifest.ManifestDocument;

/**
 * What to convert and onto what: a bundle's image written onto a block device or a disk image file
 * in one pass, then fitted to the target.
 *
 * <p>Thread safety: immutable, so it may be shared between threads.
 *
 * @param manifest the manifest as read from its file, raw bytes kept for signature checks
 * @param parts where the parts are (a directory, or fetched from S3)
 * @param privateKey the key that opens the AES key in the manifest
 * @param signature how the manifest signature is checked before anything is written
 * @param target a block device, or a file (created, or replaced whole once everything passed)
 * @param size the size of a file target: needed only to make a new file larger than the image; an
 *     existing file keeps its size, a device has its own
 * @param grow grow the last partition (or an unpartitioned ext filesystem) to fill the target
 * @param force write over a target that is not empty (never over one that is mounted or too small)
 * @param progress hears the bytes of the image as they are written onto the target
 */
public record ConvertRequest(
    ManifestDocument manifest,
    PartSource parts,
    PrivateKey privateKey,
    SignatureCheck signature,
    Path target,
    OptionalLong size,
    boolean grow,
    boolean force,
    ProgressListener progress) {

  public ConvertRequest {
    Objects.requireNonNull(manifest, "manifest");
    Objects.requireNonNull(parts, "parts");
    Objects.requireNonNull(privateKey, "privateKey");
    Objects.requireNonNull(signature, "signature (use SignatureCheck.none() for no check)");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(size, "size");
    Objects.requireNonNull(progress, "progress (use ProgressListener.NONE)");
    if (size.isPresent() && (size.getAsLong() <= 0 || size.getAsLong() % 512 != 0)) {
      throw new IllegalArgumentException(
          "target size must be a positive multiple of 512 bytes, got " + size.getAsLong());
    }
  }

  /** A request whose progress nobody hears. */
  public ConvertRequest(
      ManifestDocument manifest,
      PartSource parts,
      PrivateKey privateKey,
      SignatureCheck signature,
      Path target,
      OptionalLong size,
      boolean grow,
      boolean force) {
    this(manifest, parts, privateKey, signature, target, size, grow, force, ProgressListener.NONE);
  }

  /** The same request, telling {@code listener} how far it has got. */
  public ConvertRequest withProgress(ProgressListener listener) {
    return new ConvertRequest(
        manifest, parts, privateKey, signature, target, size, grow, force, listener);
  }

  @Override
  public String toString() {
    return "ConvertRequest[manifest="
        + manifest.manifest().image().name()
        + ", parts="
        + parts
        + ", signature="
        + signature
        + ", target="
        + target
        + ", size="
        + size
        + ", grow="
        + grow
        + ", force="
        + force
        + ", private key redacted]";
  }
}
