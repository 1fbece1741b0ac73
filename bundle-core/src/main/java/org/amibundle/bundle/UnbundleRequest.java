package org.amibundle.bundle;

import java.io.IOException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Objects;
import org.amibundle.manifest.ManifestDocument;
import org.amibundle.manifest.ManifestReader;

/**
 * What to unbundle and where to.
 *
 * <p>Thread safety: immutable, so a request may be shared between threads and used again; one whose
 * image or parts come from a stream can be used once only, since the stream is read.
 *
 * @param manifest the manifest as read from its file, raw bytes kept for signature checks
 * @param parts where the parts are
 * @param privateKey the user's key (or EC2's) that opens the AES key in the manifest
 * @param signature how the manifest signature is checked before anything is written
 * @param target where the image goes
 * @param progress hears the bytes of the image as they are written
 */
public record UnbundleRequest(
    ManifestDocument manifest,
    PartSource parts,
    PrivateKey privateKey,
    SignatureCheck signature,
    ImageTarget target,
    ProgressListener progress) {

  public UnbundleRequest {
    Objects.requireNonNull(manifest, "manifest");
    Objects.requireNonNull(parts, "parts");
    Objects.requireNonNull(privateKey, "privateKey");
    Objects.requireNonNull(signature, "signature (use SignatureCheck.none() for no check)");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(progress, "progress (use ProgressListener.NONE)");
  }

  /** A request whose progress nobody hears. */
  public UnbundleRequest(
      ManifestDocument manifest,
      PartSource parts,
      PrivateKey privateKey,
      SignatureCheck signature,
      ImageTarget target) {
    this(manifest, parts, privateKey, signature, target, ProgressListener.NONE);
  }

  /**
   * The common case: a manifest file with its parts beside it, the signature checked with the
   * public half of the private key when it is the user's ({@link SignatureCheck#withPrivateKey}).
   */
  public static UnbundleRequest of(Path manifestFile, PrivateKey privateKey, ImageTarget target)
      throws IOException {
    Path directory = manifestFile.toAbsolutePath().getParent();
    return new UnbundleRequest(
        ManifestReader.read(manifestFile),
        PartSource.directory(directory),
        privateKey,
        SignatureCheck.withPrivateKey(),
        target);
  }

  /** The same request, checking the manifest signature with {@code key} first. */
  public UnbundleRequest verifyingSignatureWith(PublicKey key) {
    return new UnbundleRequest(
        manifest, parts, privateKey, SignatureCheck.with(key), target, progress);
  }

  /** The same request, not checking the manifest signature at all. */
  public UnbundleRequest withoutSignatureCheck() {
    return new UnbundleRequest(
        manifest, parts, privateKey, SignatureCheck.none(), target, progress);
  }

  /** The same request, telling {@code listener} how far it has got. */
  public UnbundleRequest withProgress(ProgressListener listener) {
    return new UnbundleRequest(manifest, parts, privateKey, signature, target, listener);
  }

  @Override
  public String toString() {
    return "UnbundleRequest[manifest="
        + manifest.manifest().image().name()
        + ", parts="
        + parts
        + ", signature="
        + signature
        + ", target="
        + target
        + ", private key redacted]";
  }
}
