package org.amibundle.bundle.internal.crypto;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.amibundle.bundle.internal.nativelib.LibCrypto;

/**
 * SHA-1, the digest every bundle format field uses, MD5, the digest S3 checks uploads with, and
 * their lowercase hex form.
 */
public final class Digests {

  private Digests() {}

  /** SHA-1: by libcrypto where it is installed ({@link LibCryptoSha1} says why), else the JDK's. */
  public static MessageDigest sha1() {
    if (LibCrypto.INSTANCE != null) {
      return new LibCryptoSha1(LibCrypto.INSTANCE);
    }
    return jdkSha1();
  }

  /** The JDK's SHA-1. */
  static MessageDigest jdkSha1() {
    try {
      return MessageDigest.getInstance("SHA-1");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this Java runtime has no SHA-1", e);
    }
  }

  public static MessageDigest md5() {
    try {
      return MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this Java runtime has no MD5", e);
    }
  }

  /** Lowercase hex, as every digest in a manifest is written. */
  public static String hex(byte[] digest) {
    return HexFormat.of().formatHex(digest);
  }
}
