package org.amibundle.manifest.keys;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import javax.security.auth.Destroyable;

/**
 * Secret bytes (an AES key or IV) that never show up in {@code toString}, compare in constant time,
 * and are only readable through {@link #revealBytes()} or {@link #revealHex()}, so every use of the
 * raw secret is one greppable call. {@link #destroy()} zeroes the copy held here.
 */
public final class SecretBytes implements Destroyable {

  private final byte[] bytes;
  private boolean destroyed;

  private SecretBytes(byte[] bytes) {
    this.bytes = bytes;
  }

  /** A holder of a copy of {@code bytes}; the caller should zero its own array. */
  public static SecretBytes copyOf(byte[] bytes) {
    return new SecretBytes(bytes.clone());
  }

  /** {@code n} bytes from {@code random}. */
  public static SecretBytes random(int n, SecureRandom random) {
    byte[] bytes = new byte[n];
    random.nextBytes(bytes);
    return new SecretBytes(bytes);
  }

  /** How many bytes the secret has. */
  public int size() {
    return bytes.length;
  }

  /** A copy of the secret bytes; zero it when done. */
  public byte[] revealBytes() {
    checkNotDestroyed();
    return bytes.clone();
  }

  /** The secret as lowercase hex text (the form openssl and the manifest's RSA plaintext use). */
  public String revealHex() {
    checkNotDestroyed();
    return HexFormat.of().formatHex(bytes);
  }

  /** Whether both hold the same bytes, in time independent of where they differ. */
  public boolean equalsConstantTime(SecretBytes other) {
    checkNotDestroyed();
    other.checkNotDestroyed();
    return MessageDigest.isEqual(bytes, other.bytes);
  }

  /** Zeroes the bytes; any later reveal fails. */
  @Override
  public void destroy() {
    Arrays.fill(bytes, (byte) 0);
    destroyed = true;
  }

  @Override
  public boolean isDestroyed() {
    return destroyed;
  }

  @Override
  public String toString() {
    return "SecretBytes[" + bytes.length + " bytes]";
  }

  private void checkNotDestroyed() {
    if (destroyed) {
      throw new IllegalStateException("the secret was destroyed and can no longer be read");
    }
  }
}
