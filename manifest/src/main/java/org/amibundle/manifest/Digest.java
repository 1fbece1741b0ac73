package org.amibundle.manifest;

import java.util.HexFormat;
import java.util.Objects;

/**
 * A digest element ({@code <digest algorithm='SHA1'>hex</digest>}). The hex text is kept as
 * written; compare it with {@link #matches(String)}, which ignores case.
 */
public record Digest(String algorithm, String hex) {

  /** The only digest algorithm bundle tools write. */
  public static final String SHA1 = "SHA1";

  public Digest {
    Objects.requireNonNull(algorithm, "digest algorithm");
    Objects.requireNonNull(hex, "digest hex");
    if (hex.isEmpty() || !hex.chars().allMatch(HexFormat::isHexDigit)) {
      throw new IllegalArgumentException("digest must be hex digits, got '" + hex + "'");
    }
  }

  /** Whether {@code otherHex} is the same digest, ignoring the case of the hex digits. */
  public boolean matches(String otherHex) {
    return hex.equalsIgnoreCase(otherHex);
  }
}
