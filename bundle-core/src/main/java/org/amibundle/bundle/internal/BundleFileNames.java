package org.amibundle.bundle.internal;

import java.util.regex.Pattern;

/** The file (or object) names of a bundle: {@code NAME.part.<digits>} and {@code NAME.manifest.xml}. */
public final class BundleFileNames {

  private BundleFileNames() {}

  /** Matches the names of every file of the bundle {@code name}, whatever its part count. */
  public static Pattern of(String name) {
    return Pattern.compile(Pattern.quote(name) + "(\\.part\\.\\d+|\\.manifest\\.xml)");
  }
}
