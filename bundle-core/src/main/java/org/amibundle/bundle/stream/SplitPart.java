package org.amibundle.bundle.stream;

/** What the manifest needs of one part cut from the ciphertext: its index, size and SHA-1. */
public record SplitPart(int index, long size, byte[] sha1) {

  public SplitPart {
    if (index < 0) {
      throw new IllegalArgumentException("part index must be >= 0, got " + index);
    }
    if (sha1.length != 20) {
      throw new IllegalArgumentException("part SHA-1 must be 20 bytes, got " + sha1.length);
    }
    sha1 = sha1.clone();
  }

  @Override
  public byte[] sha1() {
    return sha1.clone();
  }
}
