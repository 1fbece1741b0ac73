package org.amibundle.manifest;

import java.util.Arrays;
import java.util.Objects;

/**
 * A manifest file as read: its exact bytes (kept for signature verification, which must run on the
 * raw bytes) and the parsed {@link Manifest}. The bytes are copied in and out.
 */
public record ManifestDocument(byte[] raw, Manifest manifest) {

  public ManifestDocument {
    raw = raw.clone();
    Objects.requireNonNull(manifest, "manifest");
  }

  @Override
  public byte[] raw() {
    return raw.clone();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ManifestDocument that
        && Arrays.equals(raw, that.raw)
        && manifest.equals(that.manifest);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(raw) + manifest.hashCode();
  }

  @Override
  public String toString() {
    return "ManifestDocument[" + raw.length + " bytes, " + manifest + "]";
  }
}
