package org.amibundle.manifest.sign;

import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.PrivateKey;
import java.util.HexFormat;
import org.amibundle.manifest.Manifest;
import org.amibundle.manifest.ManifestWriter;
import org.amibundle.manifest.keys.Rsa;

/**
 * Signs manifests as the reference tools do: RSASSA-PKCS#1 v1.5 with SHA-1 over the signed region
 * (see {@link SignedRegion}), the signature written as lowercase hex.
 */
public final class ManifestSigner {

  static final String ALGORITHM = "SHA1withRSA";

  private ManifestSigner() {}

  /** The lowercase hex SHA1withRSA signature of {@code region}, made with {@code rsa}. */
  public static String sign(byte[] region, PrivateKey key, Rsa rsa) {
    try {
      return HexFormat.of().formatHex(rsa.signSha1(key, region));
    } catch (InvalidKeyException e) {
      throw new IllegalArgumentException(
          "manifests are signed with an RSA private key, got a " + key.getAlgorithm() + " key", e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(rsa + " cannot sign with " + ALGORITHM, e);
    }
  }

  /**
   * {@code unsigned} with its signature, made with {@code rsa}: the signature of the region {@link
   * ManifestWriter} writes for it (any signature it had is replaced).
   */
  public static Manifest signed(Manifest unsigned, PrivateKey key, Rsa rsa) {
    return unsigned.withSignature(sign(ManifestWriter.signedRegion(unsigned), key, rsa));
  }

  /** The final file bytes of {@code unsigned}, signed with {@code key} by {@code rsa}. */
  public static byte[] signAndWrite(Manifest unsigned, PrivateKey key, Rsa rsa) {
    return ManifestWriter.write(signed(unsigned, key, rsa));
  }
}
