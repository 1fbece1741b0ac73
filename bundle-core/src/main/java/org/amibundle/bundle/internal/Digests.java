package org.amibundle.bundle.internal;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-1, the digest every bundle format field uses, and its lowercase hex form. */
public final class Digests {

  private Digests() {}

  public static MessageDigest sha1() {
    try {
      return MessageDigest.getInstance("SHA-1");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this Java runtime has no SHA-1", e);
    }
  }

  /** Lowercase hex, as every digest in a manifest is written. */
  public static String hex(byte[] digest) {
    return HexFormat.of().formatHex(digest);
  }
}
