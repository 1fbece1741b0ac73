package org.amibundle.bundle.verify;

import java.io.IOException;
import java.io.OutputStream;
import java.security.PrivateKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.amibundle.AmiBundleException;
import org.amibundle.BadInputException;
import org.amibundle.IntegrityException;
import org.amibundle.NotFoundException;
import org.amibundle.bundle.ImageTarget;
import org.amibundle.bundle.PartBytes;
import org.amibundle.bundle.PartFetcher;
import org.amibundle.bundle.PartSource;
import org.amibundle.bundle.ProgressListener;
import org.amibundle.bundle.SignatureCheck;
import org.amibundle.bundle.SignatureOutcome;
import org.amibundle.bundle.UnbundleRequest;
import org.amibundle.bundle.UnbundleResult;
import org.amibundle.bundle.internal.crypto.LibCryptoRsa;
import org.amibundle.bundle.internal.progress.ProgressReporting;
import org.amibundle.bundle.internal.unbundle.ManifestSignatures;
import org.amibundle.bundle.internal.unbundle.PartFetchers;
import org.amibundle.bundle.internal.unbundle.Restorer;
import org.amibundle.bundle.stream.PartChecks;
import org.amibundle.bundle.stream.VerifiedPartsInputStream;
import org.amibundle.bundle.verify.VerifyReport.Check;
import org.amibundle.manifest.ImageInfo;
import org.amibundle.manifest.Part;
import org.amibundle.manifest.keys.BundleKeys;

/**
 * Checks a bundle without restoring it, and reports every check rather than stopping at the first
 * failure: the manifest signature (with a certificate, or the private key when it is the user's),
 * each part's presence, size and SHA-1, the parts' total against {@code bundled_size}, and — with a
 * private key — that the AES key opens and the decrypted bundle has the image digest and size of
 * the manifest. The image itself is discarded as it is read: nothing is written.
 *
 * <p>Missing, damaged or oversized parts and failed checks are reported; a part that could not be
 * read for another reason (permissions, S3 refusal or no answer) is thrown, since nothing can be
 * said about it.
 *
 * <p>Thread safety: a {@code BundleVerifier} holds no state; one instance may check bundles from
 * any threads at once.
 */
public final class BundleVerifier {

  static final String SIGNATURE = "signature";
  static final String BUNDLED_SIZE = "bundled_size";
  static final String KEY = "key";
  static final String IMAGE_DIGEST = "image digest";

  /** It holds no state (see the class comment on threads). */
  public BundleVerifier() {}

  /**
   * Runs every check the request allows. With a private key that opens the bundle, the parts are
   * fetched once: the unbundle that checks the image digest checks each part as it reads it, and
   * only the parts it did not reach (it stops at a damaged one) are fetched on their own.
   */
  public VerifyReport verify(VerifyRequest request) throws IOException {
    return ProgressReporting.reported(request.progress(), () -> verifyReported(request));
  }

  private static VerifyReport verifyReported(VerifyRequest request) throws IOException {
    ImageInfo image = request.manifest().manifest().image();
    request.progress().started(image.bundledSize());
    List<Check> checks = new ArrayList<>();
    Optional<Check> key = Optional.empty();
    boolean userCopy = false;
    if (request.privateKey().isPresent()) {
      try {
        userCopy = opensUserCopy(image, request.privateKey().get());
        key = Optional.of(Check.pass(KEY, "the private key opens the bundle's AES key and IV"));
      } catch (BadInputException e) {
        key = Optional.of(Check.fail(KEY, e.getMessage()));
      }
    }
    signature(request, userCopy).ifPresent(checks::add);
    Recorded recorded = new Recorded(request.progress());
    Check digest = null;
    if (key.isPresent() && key.get().passed()) {
      digest = imageDigest(request, recorded);
    }
    boolean partsPassed =
        checkParts(fetcher(request.parts(), image), image, recorded, checks, request.progress());
    if (key.isPresent()) {
      checks.add(key.get());
      if (key.get().passed()) {
        checks.add(
            partsPassed
                ? digest
                : Check.fail(
                    IMAGE_DIGEST,
                    "not checked: the parts above failed; fetch the bundle again, then verify it"));
      }
    }
    return new VerifyReport(checks);
  }

  /** A part's check, and its length if it passed. */
  private record PartCheck(Check check, long length) {

    static PartCheck passed(Part part, PartBytes bytes) {
      return new PartCheck(
          Check.pass(partCheckName(part), bytes.length() + " bytes, SHA-1 " + part.digest().hex()),
          bytes.length());
    }

    static PartCheck failed(Part part, AmiBundleException failure) {
      return new PartCheck(Check.fail(partCheckName(part), failure.getMessage()), 0);
    }
  }

  /** The part checks an unbundle made, by part index; the bytes of those passed go to progress. */
  private static final class Recorded implements PartChecks {

    private final Map<Integer, PartCheck> checks = new ConcurrentHashMap<>();
    private final ProgressListener progress;

    Recorded(ProgressListener progress) {
      this.progress = progress;
    }

    @Override
    public void passed(Part part, PartBytes bytes) {
      checks.put(part.index(), PartCheck.passed(part, bytes));
      progress.progressed(bytes.length());
    }

    @Override
    public void failed(Part part, AmiBundleException failure) {
      checks.put(part.index(), PartCheck.failed(part, failure));
    }

    PartCheck of(Part part) {
      return checks.get(part.index());
    }
  }

  private static PartFetcher fetcher(PartSource source, ImageInfo image) throws IOException {
    return source instanceof PartSource.Directory directory
        ? PartFetchers.directoryFetcher(directory.directory())
        : PartFetchers.open(source, image);
  }

  static String partCheckName(Part part) {
    return "part " + part.filename();
  }

  /** The signature check, when the request asks for one that is possible. */
  private static Optional<Check> signature(VerifyRequest request, boolean userCopy)
      throws AmiBundleException {
    try {
      SignatureOutcome outcome =
          ManifestSignatures.check(
              request.signature(),
              request.manifest().raw(),
              request.privateKey().orElse(null),
              userCopy);
      return outcome != SignatureOutcome.VERIFIED
          ? Optional.empty()
          : Optional.of(
              Check.pass(
                  SIGNATURE,
                  request.signature() instanceof SignatureCheck.WithKey
                      ? "the manifest is signed by the certificate's key"
                      : "the manifest is signed by the private key (the bundle's user key)"));
    } catch (BadInputException | IntegrityException e) {
      return Optional.of(Check.fail(SIGNATURE, e.getMessage()));
    }
  }

  /**
   * One check per part (those {@code recorded} as they are, the others fetched now, their bytes
   * told to {@code progress}), then bundled_size; returns whether all of them passed.
   */
  private static boolean checkParts(
      PartFetcher fetcher,
      ImageInfo image,
      Recorded recorded,
      List<Check> checks,
      ProgressListener progress)
      throws IOException {
    long total = 0;
    int failed = 0;
    byte[] buffer = new byte[0];
    for (Part part : image.parts()) {
      PartCheck outcome = recorded.of(part);
      if (outcome == null) {
        try {
          PartBytes bytes = VerifiedPartsInputStream.checked(part, fetcher.fetch(part, buffer));
          buffer = bytes.array();
          outcome = PartCheck.passed(part, bytes);
          progress.progressed(bytes.length());
        } catch (NotFoundException | IntegrityException e) {
          outcome = PartCheck.failed(part, e);
        }
      }
      checks.add(outcome.check());
      total += outcome.length();
      failed += outcome.check().passed() ? 0 : 1;
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

  /** Whether the private key opens the user's copy of the AES key (else EC2's); throws if none. */
  private static boolean opensUserCopy(ImageInfo image, PrivateKey privateKey)
      throws AmiBundleException {
    BundleKeys.Opened opened = BundleKeys.open(image.keys(), privateKey, LibCryptoRsa.orJce());
    opened.secret().key().destroy();
    opened.secret().iv().destroy();
    return opened.userCopy();
  }

  /**
   * Decrypts, gunzips and reads the whole bundle into nothing: the unbundler's own checks. The
   * checks it makes of the parts go to {@code recorded}.
   */
  private static Check imageDigest(VerifyRequest request, Recorded recorded) throws IOException {
    UnbundleRequest unbundle =
        new UnbundleRequest(
            request.manifest(),
            request.parts(),
            request.privateKey().orElseThrow(),
            SignatureCheck.none(),
            ImageTarget.stream(OutputStream.nullOutputStream()));
    try {
      UnbundleResult result = Restorer.unbundle(unbundle, recorded);
      return Check.pass(
          IMAGE_DIGEST,
          "image " + result.name() + ", " + result.size() + " bytes, tar SHA-1 " + result.digest());
    } catch (BadInputException | IntegrityException | NotFoundException e) {
      return Check.fail(IMAGE_DIGEST, e.getMessage());
    }
  }
}
