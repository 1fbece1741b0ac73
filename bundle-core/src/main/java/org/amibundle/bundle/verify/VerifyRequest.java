package org.amibundle.bundle.verify;

import java.security.PrivateKey;
import java.util.Objects;
import java.util.Optional;
import org.amibundle.bundle.PartSource;
import org.amibundle.bundle.ProgressListener;
import org.amibundle.bundle.SignatureCheck;
import org.amibundle.manifest.ManifestDocument;

/**
 * What to check of a bundle.
 *
 * <p>Thread safety: immutable, so it may be shared between threads.
 *
 * @param manifest the manifest as read from its file, raw bytes kept for the signature check
 * @param parts where the parts are: a directory or a fetcher (S3); not a stream, which could be
 *     read only once
 * @param signature how the manifest signature is checked ({@link SignatureCheck#withPrivateKey}
 *     needs {@code privateKey}, and checks only when it is the user's key)
 * @param privateKey when present, the AES key is opened with it and the whole bundle is decrypted
 *     to check the image digest and size; no image is written
 * @param progress hears the bytes of the parts as each is checked
 */
public record VerifyRequest(
    ManifestDocument manifest,
    PartSource parts,
    SignatureCheck signature,
    Optional<PrivateKey> privateKey,
    ProgressListener progress) {

  public VerifyRequest {
    Objects.requireNonNull(manifest, "manifest");
    Objects.requireNonNull(parts, "parts");
    Objects.requireNonNull(signature, "signature (use SignatureCheck.none())");
    Objects.requireNonNull(privateKey, "privateKey (use Optional.empty())");
    Objects.requireNonNull(progress, "progress (use ProgressListener.NONE)");
    if (parts instanceof PartSource.Concatenated) {
      throw new IllegalArgumentException(
          "parts in one stream can be read only once: verify a bundle in a directory or in S3");
    }
  }

  /** A request whose progress nobody hears. */
  public VerifyRequest(
      ManifestDocument manifest,
      PartSource parts,
      SignatureCheck signature,
      Optional<PrivateKey> privateKey) {
    this(manifest, parts, signature, privateKey, ProgressListener.NONE);
  }

  /** The same request, telling {@code listener} how far it has got. */
  public VerifyRequest withProgress(ProgressListener listener) {
    return new VerifyRequest(manifest, parts, signature, privateKey, listener);
  }

  @Override
  public String toString() {
    return "VerifyRequest[manifest="
        + manifest.manifest().image().name()
        + ", parts="
        + parts
        + ", signature="
        + signature
        + ", private key "
        + (privateKey.isPresent() ? "given (redacted)" : "not given")
        + "]";
  }
}
