package org.amibundle.bundle.migrate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import org.amibundle.AmiBundleException;
import org.amibundle.BadInputException;
import org.amibundle.LocalIoException;
import org.amibundle.MappingNotFoundException;
import org.amibundle.Printable;
import org.amibundle.Setting;
import org.amibundle.bundle.internal.crypto.LibCryptoRsa;
import org.amibundle.bundle.internal.staging.AtomicFiles;
import org.amibundle.bundle.internal.staging.WriteFailures;
import org.amibundle.manifest.ImageInfo;
import org.amibundle.manifest.MachineConfiguration;
import org.amibundle.manifest.Manifest;
import org.amibundle.manifest.ManifestDocument;
import org.amibundle.manifest.ManifestReader;
import org.amibundle.manifest.WrappedKeys;
import org.amibundle.manifest.keys.AesKeyIv;
import org.amibundle.manifest.keys.BundleKeys;
import org.amibundle.manifest.keys.KeyWrap;
import org.amibundle.manifest.keys.Rsa;
import org.amibundle.manifest.sign.ManifestSigner;
import org.amibundle.manifest.sign.ManifestVerifier;

/**
 * Makes a bundle's manifest fit for another region, as ec2-migrate-manifest does and more: the
 * signature is verified first; the AES key and IV, opened through the user's copy, are wrapped anew
 * for the target region's EC2 certificate (the reference leaves EC2's copy as it was); kernel and
 * ramdisk ids are mapped or replaced; the manifest is written as version 2007-10-10, signed again
 * and checked against the certificate. The original is kept as {@code <manifest>.bak} and the new
 * file replaces it atomically; nothing is written when any step fails.
 *
 * <p>Thread safety: a {@code ManifestMigrator} holds no state; one instance may migrate manifests
 * from any threads at once, each a different file.
 */
public final class ManifestMigrator {

  /** Architecture of manifests too old to name one (version 3), as the reference assumes. */
  private static final String DEFAULT_ARCHITECTURE = "i386";

  /** It holds no state (see the class comment on threads). */
  public ManifestMigrator() {}

  public MigrationResult migrate(MigrationRequest request) throws IOException {
    ManifestDocument original = ManifestReader.read(request.manifest());
    ManifestVerifier.verify(original.raw(), request.signatureKey());
    Path backup = request.backup();
    if (Files.exists(backup)) {
      throw new IllegalArgumentException(
          "backup file "
              + backup
              + " already exists: a manifest is migrated once; move the"
              + " backup away (or restore it over the manifest) and run again");
    }
    Manifest old = original.manifest();
    MachineConfiguration config = machineConfiguration(old, request);
    ImageInfo image = withKeysFor(old.image(), request);
    Manifest migrated = new Manifest(Manifest.CURRENT_VERSION, old.bundler(), config, image, null);
    byte[] bytes =
        ManifestSigner.signAndWrite(migrated, request.privateKey(), LibCryptoRsa.orJce());
    ManifestVerifier.verify(bytes, request.signatureKey());
    replace(request.manifest(), backup, bytes);
    return new MigrationResult(request.manifest(), backup, config.kernelId(), config.ramdiskId());
  }

  private static MachineConfiguration machineConfiguration(Manifest old, MigrationRequest request)
      throws BadInputException {
    MachineConfiguration config = old.machineConfiguration();
    if (config == null) {
      config =
          new MachineConfiguration(
              DEFAULT_ARCHITECTURE, List.of(), Optional.empty(), Optional.empty(), List.of());
    }
    return new MachineConfiguration(
        config.architecture(),
        config.blockDeviceMappings(),
        newId("kernel", config.kernelId(), request.kernelId(), request.mapping()),
        newId("ramdisk", config.ramdiskId(), request.ramdiskId(), request.mapping()),
        config.productCodes());
  }

  private static Optional<String> newId(
      String what, Optional<String> old, Optional<String> override, IdMapping mapping)
      throws MappingNotFoundException {
    if (override.isPresent() || old.isEmpty()) {
      return override;
    }
    Optional<String> mapped = mapping.target(old.get());
    if (mapped.isEmpty()) {
      throw new MappingNotFoundException(
          "the manifest's "
              + what
              + " "
              + old.get()
              + " has no mapping to the target region:"
              + " give its id there with "
              + (what.equals("kernel") ? Setting.KERNEL : Setting.RAMDISK)
              + ", add a line for it to the mapping file, or use "
              + Setting.NO_MAPPING
              + " to keep it");
    }
    return mapped;
  }

  /** The image with EC2's copy of the key and IV wrapped for the target EC2 certificate. */
  private static ImageInfo withKeysFor(ImageInfo image, MigrationRequest request)
      throws AmiBundleException {
    WrappedKeys keys = image.keys();
    WrappedKeys userOnly =
        new WrappedKeys(
            keys.cipherAlgorithm(), "", keys.userEncryptedKey(), "", keys.userEncryptedIv());
    Rsa rsa = LibCryptoRsa.orJce();
    AesKeyIv secret = BundleKeys.unwrap(userOnly, request.privateKey(), rsa);
    try {
      WrappedKeys rewrapped =
          new WrappedKeys(
              keys.cipherAlgorithm(),
              KeyWrap.wrap(secret.key(), request.ec2Key(), rsa),
              keys.userEncryptedKey(),
              KeyWrap.wrap(secret.iv(), request.ec2Key(), rsa),
              keys.userEncryptedIv());
      return new ImageInfo(
          image.name(),
          image.user(),
          image.type(),
          image.kernelName(),
          image.ancestorAmiIds(),
          image.digest(),
          image.size(),
          image.bundledSize(),
          rewrapped,
          image.parts());
    } finally {
      secret.key().destroy();
      secret.iv().destroy();
    }
  }

  /** Copies the manifest to the backup, then moves the new bytes over it in one rename. */
  private static void replace(Path manifest, Path backup, byte[] bytes) throws LocalIoException {
    boolean backedUp = false;
    try {
      Files.copy(manifest, backup, StandardCopyOption.COPY_ATTRIBUTES);
      backedUp = true;
      AtomicFiles.replace(manifest, bytes);
    } catch (IOException e) {
      if (backedUp) {
        AtomicFiles.deleteQuietly(backup);
      }
      throw WriteFailures.of(
          Printable.of(manifest) + " anew (it is unchanged)",
          manifest.toAbsolutePath().getParent(),
          e);
    }
  }
}
