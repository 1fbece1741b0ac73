package org.amibundle.bundle;

import java.io.IOException;
import org.amibundle.bundle.internal.unbundle.Restorer;
import org.amibundle.bundle.stream.PartChecks;

/**
 * Restores the image of a bundle: opens the AES key with the private key, checks the manifest
 * signature as the request asks (with the user's key by default), then streams the parts — each
 * checked against its SHA-1 before use — through AES-128-CBC, gunzip and the tar reader into the
 * target, and checks the SHA-1 of the tar stream and the image size against the manifest. The image
 * is named and bounded by the manifest, never by the tar member. A file target only appears under
 * its name once every check has passed.
 *
 * <p>Thread safety: an {@code Unbundler} holds no state, so one instance may restore any number of
 * bundles at once, from any threads, each from its own request and onto its own target.
 */
public final class Unbundler {

  /** It holds no state (see the class comment on threads). */
  public Unbundler() {}

  public UnbundleResult unbundle(UnbundleRequest request) throws IOException {
    return Restorer.unbundle(request, PartChecks.NONE);
  }
}
