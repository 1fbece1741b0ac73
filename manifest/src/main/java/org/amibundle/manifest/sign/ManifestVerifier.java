package org.amibundle.manifest.sign;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import org.amibundle.AmiBundleException;
import org.amibundle.BadInputException;
import org.amibundle.IntegrityException;
import org.amibundle.manifest.Manifest;
import org.amibundle.manifest.ManifestReader;
import org.amibundle.manifest.ManifestWriter;

/**
 * Verifies a manifest signature on the raw file bytes, never on a re-serialisation, so manifests
 * written by any tool (single or double quotes) verify when unchanged.
 *
 * <p>Because the signed region is found by a plain text search, the verifier also checks that the
 * region parses to the same {@code machine_configuration} and {@code image} as the whole document:
 * a signed region hidden in a comment in front of different content is refused.
 */
public final class ManifestVerifier {

  private static final String UNSIGNED = "UNSIGNED";

  private ManifestVerifier() {}

  /**
   * Checks that {@code rawManifest} is signed by the private key of {@code key}.
   *
   * @throws BadInputException the manifest is malformed or not signed
   * @throws IntegrityException the signature does not match
   */
  public static void verify(byte[] rawManifest, PublicKey key) throws AmiBundleException {
    verify(rawManifest, key, "the given certificate");
  }

  /** As {@link #verify(byte[], PublicKey)}, naming {@code key} as {@code keyName} in a failure. */
  public static void verify(byte[] rawManifest, PublicKey key, String keyName)
      throws AmiBundleException {
    Manifest manifest = ManifestReader.read(rawManifest).manifest();
    byte[] signature = signatureBytes(manifest.signature());
    byte[] region = SignedRegion.of(rawManifest);
    if (!signatureMatches(region, signature, key)) {
      throw new IntegrityException(
          "manifest signature does not verify with "
              + keyName
              + ": the manifest was"
              + " changed after signing, or it was signed with another key");
    }
    Manifest signedPart = parseRegion(region);
    if (!sameSignedContent(signedPart, manifest)) {
      throw new IntegrityException(
          "manifest signature covers other content than the manifest's machine_configuration"
              + " and image elements (hidden in a comment or duplicated): the manifest was"
              + " tampered with; fetch it again");
    }
  }

  /**
   * Whether {@code a} and {@code b} hold the same machine_configuration and image, compared as
   * {@link ManifestWriter#signedRegion} renders them, every field: the records' own equals spins
   * some 40 method-handle classes at its first call, 30 ms of an unbundle's start. Text the writer
   * refuses (a control character the XML held as a character reference) is compared by them.
   */
  private static boolean sameSignedContent(Manifest a, Manifest b) {
    try {
      return Arrays.equals(ManifestWriter.signedRegion(a), ManifestWriter.signedRegion(b));
    } catch (IllegalArgumentException e) {
      return Objects.equals(a.machineConfiguration(), b.machineConfiguration())
          && a.image().equals(b.image());
    }
  }

  private static byte[] signatureBytes(String signature) throws BadInputException {
    if (signature == null || signature.isBlank()) {
      throw new BadInputException(
          "manifest has no signature element: it was never signed, so it cannot be verified");
    }
    String hex = signature.trim();
    if (hex.equals(UNSIGNED)) {
      throw new BadInputException(
          "manifest signature is 'UNSIGNED' (euca2ools without a private key): it cannot be"
              + " verified; bundle it again with a private key");
    }
    try {
      return HexFormat.of().parseHex(hex);
    } catch (IllegalArgumentException e) {
      throw new BadInputException(
          "manifest signature must be an even number of hex digits, got "
              + hex.length()
              + " characters that are not: the manifest is damaged; fetch it again");
    }
  }

  private static boolean signatureMatches(byte[] region, byte[] signature, PublicKey key)
      throws BadInputException {
    try {
      Signature verifier = Signature.getInstance(ManifestSigner.ALGORITHM);
      verifier.initVerify(key);
      verifier.update(region);
      return verifier.verify(signature);
    } catch (InvalidKeyException e) {
      throw new BadInputException(
          "manifest signatures are checked with an RSA certificate, got a "
              + key.getAlgorithm()
              + " key",
          e);
    } catch (SignatureException e) {
      // A signature of the wrong length or encoding is simply not a valid signature.
      return false;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(
          "this Java runtime cannot verify " + ManifestSigner.ALGORITHM, e);
    }
  }

  private static Manifest parseRegion(byte[] region) throws IntegrityException {
    byte[] open =
        ("<manifest><version>" + Manifest.CURRENT_VERSION + "</version>")
            .getBytes(StandardCharsets.US_ASCII);
    byte[] close = "</manifest>".getBytes(StandardCharsets.US_ASCII);
    byte[] document = new byte[open.length + region.length + close.length];
    System.arraycopy(open, 0, document, 0, open.length);
    System.arraycopy(region, 0, document, open.length, region.length);
    System.arraycopy(close, 0, document, open.length + region.length, close.length);
    try {
      return ManifestReader.read(document).manifest();
    } catch (BadInputException e) {
      throw new IntegrityException(
          "manifest signed region is not a well-formed machine_configuration and image ("
              + e.getMessage()
              + "): the manifest was tampered with; fetch it again",
          e);
    }
  }
}
