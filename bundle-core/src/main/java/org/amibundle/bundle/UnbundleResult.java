package org.amibundle.bundle;

import java.nio.file.Path;
import java.util.Optional;

/**
 * An unbundled image.
 *
 * <p>Thread safety: immutable, so it may be shared between threads.
 *
 * @param image the file or device written; empty when the target was a stream
 * @param name the image's name inside the bundle
 * @param size image bytes
 * @param digest the SHA-1 of the tar stream, as checked against the manifest (lowercase hex)
 * @param signatureVerified whether the manifest signature was checked and held
 */
public record UnbundleResult(
    Optional<Path> image, String name, long size, String digest, boolean signatureVerified) {}
