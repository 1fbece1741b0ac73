package org.amibundle.bundle;

import java.io.IOException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Objects;
import java.util.Optional;
import org.amibundle.manifest.ManifestDocument;
import org.amibundle.manifest.ManifestReader;

/**
 * What to unbundle and where to.
 *
 * @param manifest the manifest as read from its file, raw bytes kept for signature checks
 * @param parts where the parts are
 * @param privateKey the user's key (or EC2's) that opens the AES key in the manifest
 * @param signatureKey when present, the manifest signature must verify with it before anything
 *     else is done (the public key of the user's certificate, or of the private key)
 * @param target where the image goes
 * @param progress hears the bytes of the image as they are written
 */
public record UnbundleRequest(
    ManifestDocument manifest,
    PartSource parts,
    PrivateKey privateKey,
    Optional<PublicKey> signatureKey,
    ImageTarget target,
    ProgressListener progress) {

  public UnbundleRequest {
    Objects.requireNonNull(manifest, "manifest");
    Objects.requireNonNull(parts, "parts");
    Objects.requireNonNull(privateKey, "privateKey");
    Objects.requireNonNull(signatureKey, "signatureKey");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(progress, "progress (use ProgressListener.NONE)");
  }

  /** A request whose progress nobody hears. */
  public UnbundleRequest(
      ManifestDocument manifest,
      PartSource parts,
      PrivateKey privateKey,
      Optional<PublicKey> signatureKey,
      ImageTarget target) {
    this(manifest, parts, privateKey, signatureKey, target, ProgressListener.NONE);
  }

  /** The common case: a manifest file with its parts beside it, no signature check. */
  public static UnbundleRequest of(Path manifestFile, PrivateKey privateKey, ImageTarget target)
      throws IOException {
    Path directory = manifestFile.toAbsolutePath().getParent();
    return new UnbundleRequest(
        ManifestReader.read(manifestFile),
        PartSource.directory(directory),
        privateKey,
        Optional.empty(),
        target);
  }

  /** The same request, checking the manifest signature with {@code key} first. */
  public UnbundleRequest verifyingSignatureWith(PublicKey key) {
    return new UnbundleRequest(manifest, parts, privateKey, Optional.of(key), target, progress);
  }

  /** The same request, telling {@code listener} how far it has got. */
  public UnbundleRequest withProgress(ProgressListener listener) {
    return new UnbundleRequest(manifest, parts, privateKey, signatureKey, target, listener);
  }

  @Override
  public String toString() {
    return "UnbundleRequest[manifest="
        + manifest.manifest().image().name()
        + ", parts="
        + parts
        + ", target="
        + target
        + ", private key redacted]";
  }
}
