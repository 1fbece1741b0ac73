package org.amibundle.bundle;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An unbundled image.
 *
 * <p>Thread safety: immutable, so it may be shared between threads.
 *
 * @param image the file or device written; empty when the target was a stream
 * @param name the image's name in the manifest, which the signature covers (a file written into a
 *     directory has this name)
 * @param size image bytes
 * @param digest the SHA-1 of the tar stream, as checked against the manifest (lowercase hex)
 * @param signature what became of the manifest signature check
 * @param notes what the user should know: a tar member named otherwise than the manifest says
 */
public record UnbundleResult(
    Optional<Path> image,
    String name,
    long size,
    String digest,
    SignatureOutcome signature,
    List<String> notes) {

  public UnbundleResult {
    Objects.requireNonNull(image, "image");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(signature, "signature");
    notes = List.copyOf(notes);
  }

  /** Whether the manifest signature was checked and held. */
  public boolean signatureVerified() {
    return signature == SignatureOutcome.VERIFIED;
  }
}
