package org.amibundle.bundle;

import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.IntFunction;
import org.amibundle.AmiBundleException;
import org.amibundle.LocalIoException;
import org.amibundle.bundle.internal.crypto.AesCbc;
import org.amibundle.bundle.internal.crypto.Digests;
import org.amibundle.bundle.internal.crypto.LibCryptoRsa;
import org.amibundle.bundle.internal.progress.ProgressReporting;
import org.amibundle.bundle.internal.staging.StagingDirectory;
import org.amibundle.bundle.stream.DigestingOutputStream;
import org.amibundle.bundle.stream.EncryptingOutputStream;
import org.amibundle.bundle.stream.ParallelGzipOutputStream;
import org.amibundle.bundle.stream.PartSink;
import org.amibundle.bundle.stream.PartSplittingOutputStream;
import org.amibundle.bundle.stream.SplitPart;
import org.amibundle.bundle.tar.ImageTarWriter;
import org.amibundle.manifest.BundlingTool;
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
 * AES-128-CBC → 10 MiB parts, each with its SHA-1 → signed manifest. The parts go to a directory
 * (nothing appears there until the whole bundle is written; then the parts are moved in, the
 * manifest last) or to a {@link PartStore} as they are cut (S3). Memory does not grow with the
 * image: every stage works on bounded buffers.
 *
 * <p>Thread safety: a {@code Bundler} holds no state but its random source (which is thread-safe),
 * so one instance may make any number of bundles at once, from any threads, each from its own
 * request; bundles of the same name into the same destination at once are the caller's to avoid.
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

  /**
   * Bundles into {@code request.destination()}: parts are staged there under temporary names and
   * moved in under the names ec2-ami-tools gives them (known once the part count is), the manifest
   * last.
   */
  public BundleResult bundle(BundleRequest request) throws IOException {
    return ProgressReporting.reported(request.progress(), () -> bundleReported(request));
  }

  private BundleResult bundleReported(BundleRequest request) throws IOException {
    AesKeyIv secret = AesKeyIv.random(random);
    try (StagingDirectory staging = StagingDirectory.create(request.destination(), request.name());
        SourceImage source = SourceImage.open(request)) {
      List<Path> files = new ArrayList<>();
      Cut cut =
          cut(
              request,
              secret,
              source,
              part -> {
                files.add(staging.write("part-" + part.index(), part.bytes(), part.length()));
                part.release();
              });
      List<String> names = new ArrayList<>(PartNames.of(request.name(), cut.parts().size()));
      Manifest signed = signed(request, secret, source, cut, names);
      byte[] manifest = ManifestWriter.write(signed);
      files.add(staging.write("manifest", manifest, manifest.length));
      names.add(manifestName(request));
      List<Path> placed = staging.commit(files, names);
      return new BundleResult(
          placed.get(placed.size() - 1), placed.subList(0, placed.size() - 1), signed);
    } finally {
      destroy(secret);
    }
  }

  /**
   * Bundles into {@code store}: each part goes to the store as soon as it is cut (the store may
   * hold the pipeline back until it has room), the manifest only once every part is stored. The
   * request's destination is not used: the store is where the bundle goes. Part names are fixed
   * before the part count is known ({@link PartNames#streamed}). Returns the signed manifest.
   */
  public Manifest bundle(BundleRequest request, PartStore store) throws IOException {
    return ProgressReporting.reported(request.progress(), () -> bundleReported(request, store));
  }

  private Manifest bundleReported(BundleRequest request, PartStore store) throws IOException {
    AesKeyIv secret = AesKeyIv.random(random);
    try (SourceImage source = SourceImage.open(request)) {
      IntFunction<String> naming =
          PartNames.streamed(request.name(), source.layout().size(), request.partSize());
      Cut cut = cut(request, secret, source, part -> store.put(naming.apply(part.index()), part));
      List<String> names = cut.parts().stream().map(part -> naming.apply(part.index())).toList();
      Manifest signed = signed(request, secret, source, cut, names);
      store.commit(manifestName(request), ManifestWriter.write(signed));
      return signed;
    } finally {
      destroy(secret);
    }
  }

  /** The parts cut from a bundle's ciphertext and the SHA-1 of its tar stream. */
  private record Cut(List<SplitPart> parts, byte[] tarSha1) {}

  /** Image → tar → SHA-1 → gzip → AES → parts handed to {@code sink}. */
  private static Cut cut(BundleRequest request, AesKeyIv secret, SourceImage source, PartSink sink)
      throws IOException {
    PartSplittingOutputStream parts = new PartSplittingOutputStream(sink, request.partSize());
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
        request.progress().started(source.layout().size());
        ImageTarWriter.write(
            source.entry(),
            source.layout(),
            source.channel(),
            tarDigest,
            request.progress()::progressed);
      }
      source.checkFullyRead();
      source.checkUnchanged();
    } catch (AmiBundleException e) {
      throw e;
    } catch (IOException e) {
      throw new LocalIoException(
          "could not read image " + source.description() + ": " + e.getMessage(), e);
    }
    return new Cut(parts.parts(), tarDigest.digest());
  }

  private static Manifest signed(
      BundleRequest request, AesKeyIv secret, SourceImage source, Cut cut, List<String> partNames)
      throws IOException {
    Manifest manifest = manifest(request, secret, source.layout().size(), cut, partNames);
    return ManifestSigner.signed(
        manifest, request.credentials().userPrivateKey(), LibCryptoRsa.orJce());
  }

  private static String manifestName(BundleRequest request) {
    return BundleFileNames.manifest(request.name());
  }

  private static void destroy(AesKeyIv secret) {
    secret.key().destroy();
    secret.iv().destroy();
  }

  private static Manifest manifest(
      BundleRequest request, AesKeyIv secret, long imageSize, Cut cut, List<String> partNames) {
    List<Part> parts = new ArrayList<>();
    long bundledSize = 0;
    for (SplitPart part : cut.parts()) {
      parts.add(
          new Part(
              part.index(),
              partNames.get(part.index()),
              new Digest("SHA1", Digests.hex(part.sha1()))));
      bundledSize += part.size();
    }
    return new Manifest(
        Manifest.CURRENT_VERSION,
        new BundlingTool(
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
            new Digest("SHA1", Digests.hex(cut.tarSha1())),
            imageSize,
            bundledSize,
            BundleKeys.wrap(
                secret,
                request.credentials().userCertificate().getPublicKey(),
                request.credentials().ec2Certificate().getPublicKey(),
                LibCryptoRsa.orJce()),
            parts),
        null);
  }
}
