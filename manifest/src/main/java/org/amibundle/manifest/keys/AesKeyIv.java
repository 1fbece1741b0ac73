package org.amibundle.manifest.keys;

import java.security.SecureRandom;
import java.util.Objects;

/** The AES-128-CBC key and IV of a bundle, 16 bytes each. {@code toString} shows no bytes. */
public record AesKeyIv(SecretBytes key, SecretBytes iv) {

  /** AES-128 key and CBC IV length in bytes. */
  public static final int SIZE = 16;

  public AesKeyIv {
    Objects.requireNonNull(key, "AES key");
    Objects.requireNonNull(iv, "AES IV");
    if (key.size() != SIZE) {
      throw new IllegalArgumentException("AES key must be " + SIZE + " bytes, got " + key.size());
    }
    if (iv.size() != SIZE) {
      throw new IllegalArgumentException("AES IV must be " + SIZE + " bytes, got " + iv.size());
    }
  }

  /** A fresh random key and IV. */
  public static AesKeyIv random(SecureRandom random) {
    return new AesKeyIv(SecretBytes.random(SIZE, random), SecretBytes.random(SIZE, random));
  }

  @Override
  public String toString() {
    return "AesKeyIv[key=<redacted>, iv=<redacted>]";
  }
}
