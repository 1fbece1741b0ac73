package org.amibundle.bundle;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.amibundle.AmiBundleException;
import org.amibundle.LocalIoException;
import org.amibundle.bundle.internal.AesCbc;
import org.amibundle.bundle.internal.Digests;
import org.amibundle.bundle.internal.StagingDirectory;
import org.amibundle.bundle.stream.DigestingOutputStream;
import org.amibundle.bundle.stream.EncryptingOutputStream;
import org.amibundle.bundle.stream.ParallelGzipOutputStream;
import org.amibundle.bundle.stream.PartSplittingOutputStream;
import org.amibundle.bundle.stream.StagedPart;
import org.amibundle.bundle.tar.ImageTarWriter;
import org.amibundle.manifest.Digest;
import org.amibundle.manifest.ImageInfo;
import org.amibundle.manifest.MachineConfiguration;
import org.amibundle.manifest.Manifest;
import org.amibundle.manifest.ManifestWriter;
import org.amibundle.manifest.Part;
import org.amibundle.manifest.keys.AesKeyIv;
import org.amibundle.manifest.keys.BundleKeys;
import org.amibundle.manifest.sign.ManifestSigner;

/**
 * Makes a bundle in one streaming pass: image → tar (sparse) → SHA-1 of the tar stream → gzip →
 * AES-128-CBC → 10 MiB parts, each with its SHA-1 → signed manifest. Nothing appears in the
 * destination until the whole bundle is written; then the parts are moved in, the manifest last.
 * Memory does not grow with the image: every stage works on bounded buffers.
 */
public final class Bundler {

  private static final String IMAGE_TYPE = "machine";

  private final SecureRandom random;

  public Bundler() {
    this(new SecureRandom());
  }

  /** With a given source of randomness for the AES key and IV (tests, FIPS providers). */
  public Bundler(SecureRandom random) {
    this.random = random;
  }

  public BundleResult bundle(BundleRequest request) throws IOException {
    AesKeyIv secret = AesKeyIv.random(random);
    try (StagingDirectory staging = StagingDirectory.create(request.destination(), request.name());
        SourceImage source = SourceImage.open(request)) {
      PartSplittingOutputStream parts =
          new PartSplittingOutputStream(staging.path(), request.partSize());
      DigestingOutputStream tarDigest;
      try (parts) {
        tarDigest =
            new DigestingOutputStream(
                new ParallelGzipOutputStream(
                    new EncryptingOutputStream(parts, AesCbc.encryptor(secret)),
                    request.compressionLevel(),
                    request.threads()),
                Digests.sha1());
        try (tarDigest) {
          ImageTarWriter.write(source.entry(), source.layout(), source.channel(), tarDigest);
        }
        source.checkFullyRead();
      } catch (AmiBundleException e) {
        throw e;
      } catch (IOException e) {
        throw new LocalIoException(
            "could not read image " + source.description() + ": " + e.getMessage(), e);
      }
      List<StagedPart> staged = parts.parts();
      List<String> partNames = PartNames.of(request.name(), staged.size());
      Manifest manifest =
          manifest(request, secret, source.layout().size(), tarDigest, staged, partNames);
      Manifest signed = ManifestSigner.signed(manifest, request.credentials().userPrivateKey());
      byte[] manifestBytes = ManifestWriter.write(signed);
      Path stagedManifest = staging.path().resolve("manifest");
      writeDurably(stagedManifest, manifestBytes);

      List<Path> files = new ArrayList<>();
      List<String> names = new ArrayList<>(partNames);
      staged.forEach(part -> files.add(part.file()));
      files.add(stagedManifest);
      names.add(request.name() + ".manifest.xml");
      List<Path> placed = staging.commit(files, names);
      return new BundleResult(
          placed.get(placed.size() - 1),
          placed.subList(0, placed.size() - 1),
          signed);
    } finally {
      secret.key().destroy();
      secret.iv().destroy();
    }
  }

  private static Manifest manifest(
      BundleRequest request,
      AesKeyIv secret,
      long imageSize,
      DigestingOutputStream tarDigest,
      List<StagedPart> staged,
      List<String> partNames) {
    List<Part> parts = new ArrayList<>();
    long bundledSize = 0;
    for (StagedPart part : staged) {
      parts.add(
          new Part(
              part.index(),
              partNames.get(part.index()),
              new Digest("SHA1", Digests.hex(part.sha1()))));
      bundledSize += part.size();
    }
    return new Manifest(
        Manifest.CURRENT_VERSION,
        new org.amibundle.manifest.Bundler(
            AmiBundleVersion.NAME,
            AmiBundleVersion.manifestVersion(),
            AmiBundleVersion.manifestRelease()),
        new MachineConfiguration(
            request.architecture(),
            request.blockDeviceMappings(),
            request.kernelId(),
            request.ramdiskId(),
            request.productCodes()),
        new ImageInfo(
            request.name(),
            request.accountId(),
            IMAGE_TYPE,
            Optional.empty(),
            request.ancestorAmiIds(),
            new Digest("SHA1", Digests.hex(tarDigest.digest())),
            imageSize,
            bundledSize,
            BundleKeys.wrap(
                secret,
                request.credentials().userCertificate().getPublicKey(),
                request.credentials().ec2Certificate().getPublicKey()),
            parts),
        null);
  }

  private static void writeDurably(Path file, byte[] bytes) throws LocalIoException {
    try (FileChannel channel =
        FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      channel.write(ByteBuffer.wrap(bytes));
      channel.force(true);
    } catch (IOException e) {
      throw new LocalIoException(
          "could not write the manifest in " + file.getParent().getParent() + ": " + e.getMessage(),
          e);
    }
  }
}
