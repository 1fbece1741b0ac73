package org.amibundle.manifest;

import java.util.Objects;

/**
 * A bundle manifest ({@code <name>.manifest.xml}), as read by {@link ManifestReader} or to be
 * written by {@link ManifestWriter}.
 *
 * @param version {@link #CURRENT_VERSION} for new manifests; older files say {@code 2007-08-29},
 *     {@code 20070829} or {@code 3}
 * @param bundler the tool that wrote it; null only when an old file has no {@code bundler}
 * @param machineConfiguration null when the file has none (version 3)
 * @param image the image, its digest, wrapped keys and parts
 * @param signature lowercase hex RSA signature, or null while unsigned
 */
public record Manifest(
    String version,
    BundlingTool bundler,
    MachineConfiguration machineConfiguration,
    ImageInfo image,
    String signature) {

  /** The manifest version written by the current tools. */
  public static final String CURRENT_VERSION = "2007-10-10";

  public Manifest {
    Objects.requireNonNull(version, "manifest version");
    Objects.requireNonNull(image, "manifest image");
  }

  /** This manifest with {@code signature} replaced ({@code null} removes it). */
  public Manifest withSignature(String hex) {
    return new Manifest(version, bundler, machineConfiguration, image, hex);
  }
}
