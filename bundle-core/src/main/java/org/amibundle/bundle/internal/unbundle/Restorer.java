package org.amibundle.bundle.internal.unbundle;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.zip.ZipException;
import org.amibundle.AmiBundleException;
import org.amibundle.IntegrityException;
import org.amibundle.LocalIoException;
import org.amibundle.bundle.ProgressListener;
import org.amibundle.bundle.SignatureOutcome;
import org.amibundle.bundle.UnbundleRequest;
import org.amibundle.bundle.UnbundleResult;
import org.amibundle.bundle.internal.crypto.AesCbc;
import org.amibundle.bundle.internal.crypto.Digests;
import org.amibundle.bundle.internal.crypto.LibCryptoRsa;
import org.amibundle.bundle.internal.output.ImageOutput;
import org.amibundle.bundle.internal.output.ImageOutputs;
import org.amibundle.bundle.internal.progress.ProgressReporting;
import org.amibundle.bundle.stream.DecryptingInputStream;
import org.amibundle.bundle.stream.DigestingInputStream;
import org.amibundle.bundle.stream.ParallelGunzipInputStream;
import org.amibundle.bundle.stream.PartChecks;
import org.amibundle.bundle.stream.ReadAheadInputStream;
import org.amibundle.bundle.stream.VerifiedPartsInputStream;
import org.amibundle.bundle.tar.ImageSink;
import org.amibundle.bundle.tar.ImageTarReader;
import org.amibundle.bundle.tar.TarImage;
import org.amibundle.manifest.ImageInfo;
import org.amibundle.manifest.Manifest;
import org.amibundle.manifest.keys.AesKeyIv;
import org.amibundle.manifest.keys.BundleKeys;

/**
 * The restore pipeline behind {@code Unbundler}, and the seam through which the module's other
 * features restore a bundle: convert gives an output of its own (one that counts what it writes,
 * onto a work file or a device) and verify hears each part's check. This package is not exported,
 * so the seam is bundle-core's own; callers outside it use {@code Unbundler}.
 *
 * <p>Opens the AES key with the private key, checks the manifest signature as the request asks
 * (with the user's key by default), then streams the parts — each checked against its SHA-1 before
 * use — through AES-128-CBC, gunzip and the tar reader into the output, and checks the SHA-1 of the
 * tar stream and the image size against the manifest. The image is named and bounded by the
 * manifest, never by the tar member. The output only commits once every check has passed.
 *
 * <p>Thread safety: it holds no state; any number of restores may run at once, from any threads,
 * each from its own request and onto its own output.
 */
public final class Restorer {

  private static final int READ_AHEAD_CHUNK = 1 << 20;
  private static final int READ_AHEAD_DEPTH = 4;

  /** Opens the output once the parts are reachable (so a missing part fails before it exists). */
  public interface OutputOpener {
    ImageOutput open() throws IOException;
  }

  private Restorer() {}

  /**
   * As {@code Unbundler.unbundle}: into the output the request's target names, telling {@code
   * checks} of each part's check.
   */
  public static UnbundleResult unbundle(UnbundleRequest request, PartChecks checks)
      throws IOException {
    return unbundle(request, () -> ImageOutputs.open(request.target()), checks);
  }

  /** As {@link #unbundle(UnbundleRequest, PartChecks)}, into an output of the caller's. */
  public static UnbundleResult unbundle(
      UnbundleRequest request, OutputOpener outputs, PartChecks checks) throws IOException {
    ProgressListener progress = request.progress();
    return ProgressReporting.reported(
        progress,
        () -> {
          progress.started(request.manifest().manifest().image().size());
          return restore(request, outputs, checks);
        });
  }

  private static UnbundleResult restore(
      UnbundleRequest request, OutputOpener outputs, PartChecks checks) throws IOException {
    Manifest manifest = request.manifest().manifest();
    ImageInfo image = manifest.image();
    // The first part is fetched and checked on its own thread while the key is unwrapped here.
    try (VerifiedPartsInputStream ciphertext =
        new VerifiedPartsInputStream(
            image.parts(), PartFetchers.open(request.parts(), image), checks)) {
      BundleKeys.Opened opened =
          BundleKeys.open(image.keys(), request.privateKey(), LibCryptoRsa.orJce());
      AesKeyIv secret = opened.secret();
      try {
        SignatureOutcome signature =
            ManifestSignatures.checkBeforeWriting(
                request.signature(),
                request.manifest().raw(),
                request.privateKey(),
                opened.userCopy());
        try (ImageOutput output = outputs.open();
            InputStream plain = gunzip(ciphertext, secret)) {
          return restore(image, signature, plain, output, request.progress());
        }
      } finally {
        secret.key().destroy();
        secret.iv().destroy();
      }
    }
  }

  private static UnbundleResult restore(
      ImageInfo image,
      SignatureOutcome signature,
      InputStream plain,
      ImageOutput output,
      ProgressListener progress)
      throws IOException {
    DigestingInputStream tar = new DigestingInputStream(plain, Digests.sha1());
    TarImage restored = readImage(tar, image, new ProgressSink(output, progress));
    String digest = Digests.hex(tar.digest());
    if (!image.digest().matches(digest)) {
      throw new IntegrityException(
          "invalid digest: the image's tar stream has SHA-1 "
              + digest
              + ", the manifest says "
              + image.digest().hex()
              + "; the bundle is damaged or its manifest was changed");
    }
    if (restored.size() != image.size()) {
      throw new IntegrityException(
          "the restored image "
              + image.name()
              + " is "
              + restored.size()
              + " bytes, the manifest says "
              + image.size());
    }
    Optional<Path> written = output.commit();
    List<String> notes =
        restored.name().equals(image.name())
            ? List.of()
            : List.of(
                "the bundle's tar member is named '"
                    + restored.name()
                    + "' but its manifest"
                    + " names the image '"
                    + image.name()
                    + "': the manifest's name is used");
    return new UnbundleResult(written, image.name(), restored.size(), digest, signature, notes);
  }

  /**
   * The decompressed tar stream. Parts are fetched and checked on one thread, decrypted on another,
   * gunzipped on a third (our own bundles' flush-pointed blocks inflated on every core, other
   * bundles in one sequence), and hashed and written on the caller's. Closing it stops them all.
   */
  private static InputStream gunzip(InputStream ciphertext, AesKeyIv secret) throws IOException {
    ReadAheadInputStream decrypted =
        new ReadAheadInputStream(
            new DecryptingInputStream(ciphertext, AesCbc.decryptor(secret)),
            READ_AHEAD_CHUNK,
            READ_AHEAD_DEPTH);
    try {
      return new ReadAheadInputStream(
          new ParallelGunzipInputStream(decrypted), READ_AHEAD_CHUNK, READ_AHEAD_DEPTH);
    } catch (ZipException | EOFException e) {
      decrypted.close();
      throw notGzip(e);
    } catch (IOException | RuntimeException e) {
      decrypted.close();
      throw e;
    }
  }

  /**
   * Reads the tar stream into the output, under the manifest's name and within its size, and then
   * to its end, so the digest covers all of it.
   */
  private static TarImage readImage(DigestingInputStream tar, ImageInfo image, ImageSink output)
      throws IOException {
    try {
      TarImage restored =
          ImageTarReader.read(tar, new ManifestImageSink(image, output), image.size());
      tar.drain();
      return restored;
    } catch (AmiBundleException e) {
      throw e;
    } catch (ZipException | EOFException e) {
      throw notGzip(e);
    } catch (IOException e) {
      throw new LocalIoException("unbundling failed: " + e.getMessage(), e);
    }
  }

  private static IntegrityException notGzip(IOException e) {
    return new IntegrityException(
        "the decrypted bundle is not a valid gzip stream ("
            + e.getMessage()
            + "): the parts are damaged, or the manifest's key does not belong to them",
        e);
  }
}
