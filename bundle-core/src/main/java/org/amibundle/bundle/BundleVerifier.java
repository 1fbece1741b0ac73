package org.amibundle.bundle;

import java.io.IOException;
import java.io.OutputStream;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.amibundle.AmiBundleException;
import org.amibundle.BadInputException;
import org.amibundle.IntegrityException;
import org.amibundle.NotFoundException;
import org.amibundle.bundle.VerifyReport.Check;
import org.amibundle.bundle.internal.LibCryptoRsa;
import org.amibundle.bundle.stream.PartBytes;
import org.amibundle.bundle.stream.PartFetcher;
import org.amibundle.bundle.stream.VerifiedPartsInputStream;
import org.amibundle.manifest.ImageInfo;
import org.amibundle.manifest.Part;
import org.amibundle.manifest.keys.AesKeyIv;
import org.amibundle.manifest.keys.BundleKeys;
import org.amibundle.manifest.sign.ManifestVerifier;

/**
 * Checks a bundle without restoring it, and reports every check rather than stopping at the first
 * failure: the manifest signature (with a certificate), each part's presence, size and SHA-1, the
 * parts' total against {@code bundled_size}, and — with a private key — that the AES key opens and
 * the decrypted bundle has the image digest and size of the manifest. The image itself is
 * discarded as it is read: nothing is written.
 *
 * <p>Missing, damaged or oversized parts and failed checks are reported; a part that could not be
 * read for another reason (permissions, S3 refusal or no answer) is thrown, since nothing can be
 * said about it.
 */
public final class BundleVerifier {

  static final String SIGNATURE = "signature";
  static final String BUNDLED_SIZE = "bundled_size";
  static final String KEY = "key";
  static final String IMAGE_DIGEST = "image digest";

  /** Runs every check the request allows. */
  public VerifyReport verify(VerifyRequest request) throws IOException {
    ImageInfo image = request.manifest().manifest().image();
    List<Check> checks = new ArrayList<>();
    if (request.signatureKey().isPresent()) {
      checks.add(signature(request.manifest().raw(), request.signatureKey().get()));
    }
    boolean partsPassed = checkParts(request.parts(), image, checks);
    if (request.privateKey().isPresent()) {
      Check key = key(image, request.privateKey().get());
      checks.add(key);
      if (!key.passed()) {
        return new VerifyReport(checks);
      }
      checks.add(
          partsPassed
              ? imageDigest(request)
              : Check.fail(
                  IMAGE_DIGEST,
                  "not checked: the parts above failed; fetch the bundle again, then verify it"));
    }
    return new VerifyReport(checks);
  }

  static String partCheckName(Part part) {
    return "part " + part.filename();
  }

  private static Check signature(byte[] raw, PublicKey key) throws AmiBundleException {
    try {
      ManifestVerifier.verify(raw, key);
      return Check.pass(SIGNATURE, "the manifest is signed by the certificate's key");
    } catch (BadInputException | IntegrityException e) {
      return Check.fail(SIGNATURE, e.getMessage());
    }
  }

  /** One check per part, then bundled_size; returns whether all of them passed. */
  private static boolean checkParts(PartSource source, ImageInfo image, List<Check> checks)
      throws IOException {
    PartFetcher fetcher =
        source instanceof PartSource.Directory directory
            ? PartFetchers.directoryFetcher(directory.directory())
            : PartFetchers.open(source, image);
    long total = 0;
    int failed = 0;
    byte[] buffer = new byte[0];
    for (Part part : image.parts()) {
      Optional<PartBytes> bytes = checkPart(fetcher, part, buffer, checks);
      if (bytes.isPresent()) {
        buffer = bytes.get().array();
        total += bytes.get().length();
      } else {
        failed++;
      }
    }
    boolean sizeHolds = failed == 0 && total == image.bundledSize();
    if (sizeHolds) {
      checks.add(Check.pass(BUNDLED_SIZE, "the parts hold " + total + " bytes, as listed"));
    } else {
      checks.add(
          Check.fail(
              BUNDLED_SIZE,
              "the parts that could be read hold "
                  + total
                  + " bytes, the manifest says "
                  + image.bundledSize()
                  + (failed > 0 ? " (" + failed + " part(s) failed above)" : "")
                  + ": a part is missing, truncated, padded or from another bundle"));
    }
    return sizeHolds;
  }

  /** The part's bytes (in {@code buffer} if they fit) if it is present and its SHA-1 matches. */
  private static Optional<PartBytes> checkPart(
      PartFetcher fetcher, Part part, byte[] buffer, List<Check> checks) throws IOException {
    String name = partCheckName(part);
    try {
      PartBytes bytes = VerifiedPartsInputStream.checked(part, fetcher.fetch(part, buffer));
      checks.add(Check.pass(name, bytes.length() + " bytes, SHA-1 " + part.digest().hex()));
      return Optional.of(bytes);
    } catch (NotFoundException | IntegrityException e) {
      checks.add(Check.fail(name, e.getMessage()));
      return Optional.empty();
    }
  }

  private static Check key(ImageInfo image, PrivateKey privateKey) throws AmiBundleException {
    try {
      AesKeyIv secret = BundleKeys.unwrap(image.keys(), privateKey, LibCryptoRsa.orJce());
      secret.key().destroy();
      secret.iv().destroy();
      return Check.pass(KEY, "the private key opens the bundle's AES key and IV");
    } catch (BadInputException e) {
      return Check.fail(KEY, e.getMessage());
    }
  }

  /** Decrypts, gunzips and reads the whole bundle into nothing: the unbundler's own checks. */
  private static Check imageDigest(VerifyRequest request) throws IOException {
    UnbundleRequest unbundle =
        new UnbundleRequest(
            request.manifest(),
            request.parts(),
            request.privateKey().orElseThrow(),
            Optional.empty(),
            ImageTarget.stream(OutputStream.nullOutputStream()));
    try {
      UnbundleResult result = new Unbundler().unbundle(unbundle);
      return Check.pass(
          IMAGE_DIGEST,
          "image " + result.name() + ", " + result.size() + " bytes, tar SHA-1 " + result.digest());
    } catch (BadInputException | IntegrityException | NotFoundException e) {
      return Check.fail(IMAGE_DIGEST, e.getMessage());
    }
  }
}
