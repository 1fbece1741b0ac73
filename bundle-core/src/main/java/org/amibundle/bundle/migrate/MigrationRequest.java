package org.amibundle.bundle.migrate;

import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link ManifestMigrator} does to a manifest file.
 *
 * <p>Thread safety: immutable, so it may be shared between threads.
 *
 * @param manifest the manifest file, rewritten in place; {@code <manifest>.bak} must not exist
 * @param signatureKey the public key of the user's certificate: the manifest must verify with it
 *     before anything is done
 * @param privateKey the user's private key: opens the user's copy of the AES key and IV, and signs
 *     the new manifest
 * @param ec2Key the public key of the target region's EC2 certificate, for which the key and IV are
 *     wrapped anew
 * @param mapping maps the manifest's kernel and ramdisk ids to the target region's
 * @param kernelId when present, the new kernel id, whatever the mapping says
 * @param ramdiskId when present, the new ramdisk id, whatever the mapping says
 */
public record MigrationRequest(
    Path manifest,
    PublicKey signatureKey,
    PrivateKey privateKey,
    PublicKey ec2Key,
    IdMapping mapping,
    Optional<String> kernelId,
    Optional<String> ramdiskId) {

  public MigrationRequest {
    Objects.requireNonNull(manifest, "manifest");
    Objects.requireNonNull(signatureKey, "signatureKey");
    Objects.requireNonNull(privateKey, "privateKey");
    Objects.requireNonNull(ec2Key, "ec2Key");
    Objects.requireNonNull(mapping, "mapping");
    Objects.requireNonNull(kernelId, "kernelId (use Optional.empty())");
    Objects.requireNonNull(ramdiskId, "ramdiskId (use Optional.empty())");
    kernelId.ifPresent(id -> requireId("kernel", id));
    ramdiskId.ifPresent(id -> requireId("ramdisk", id));
  }

  private static void requireId(String what, String id) {
    if (id.isBlank() || !id.strip().equals(id)) {
      throw new IllegalArgumentException(
          what + " id must be non-blank with no surrounding spaces, got '" + id + "'");
    }
  }

  /** The backup of the original manifest: {@code <manifest>.bak}. */
  public Path backup() {
    return manifest.resolveSibling(manifest.getFileName() + ".bak");
  }

  @Override
  public String toString() {
    return "MigrationRequest[manifest="
        + manifest
        + ", kernelId="
        + kernelId
        + ", ramdiskId="
        + ramdiskId
        + ", private key redacted]";
  }
}
