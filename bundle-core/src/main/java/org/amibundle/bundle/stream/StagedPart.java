package org.amibundle.bundle.stream;

import java.nio.file.Path;

/** One part written to the staging directory: its file, size and SHA-1. */
public record StagedPart(int index, Path file, long size, byte[] sha1) {

  public StagedPart {
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
