package org.amibundle.bundle;

import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Objects;
import java.util.Optional;
import org.amibundle.manifest.ManifestDocument;

/**
 * What to check of a bundle.
 *
 * <p>Thread safety: immutable, so it may be shared between threads.
 *
 * @param manifest the manifest as read from its file, raw bytes kept for the signature check
 * @param parts where the parts are: a directory or a fetcher (S3); not a stream, which could be
 *     read only once
 * @param signatureKey when present, the manifest signature is checked with it (the public key of
 *     the user's certificate)
 * @param privateKey when present, the AES key is opened with it and the whole bundle is decrypted
 *     to check the image digest and size; no image is written
 */
public record VerifyRequest(
    ManifestDocument manifest,
    PartSource parts,
    Optional<PublicKey> signatureKey,
    Optional<PrivateKey> privateKey) {

  public VerifyRequest {
    Objects.requireNonNull(manifest, "manifest");
    Objects.requireNonNull(parts, "parts");
    Objects.requireNonNull(signatureKey, "signatureKey (use Optional.empty())");
    Objects.requireNonNull(privateKey, "privateKey (use Optional.empty())");
    if (parts instanceof PartSource.Concatenated) {
      throw new IllegalArgumentException(
          "parts in one stream can be read only once: verify a bundle in a directory or in S3");
    }
  }

  @Override
  public String toString() {
    return "VerifyRequest[manifest="
        + manifest.manifest().image().name()
        + ", parts="
        + parts
        + ", signature "
        + (signatureKey.isPresent() ? "checked" : "not checked")
        + ", private key "
        + (privateKey.isPresent() ? "given (redacted)" : "not given")
        + "]";
  }
}
