package org.amibundle.bundle;

import java.util.regex.Pattern;

/**
 * The file (or object) names of a bundle: {@code NAME.part.<digits>} (see {@link PartNames}) and
 * {@code NAME.manifest.xml}.
 */
public final class BundleFileNames {

  private static final String MANIFEST_SUFFIX = ".manifest.xml";

  private BundleFileNames() {}

  /** The manifest's file name of the bundle {@code name}: {@code NAME.manifest.xml}. */
  public static String manifest(String name) {
    return name + MANIFEST_SUFFIX;
  }

  /** Whether {@code fileName} (or an object key) ends in {@code .manifest.xml}. */
  public static boolean isManifest(String fileName) {
    return fileName.endsWith(MANIFEST_SUFFIX);
  }

  /** The bundle name in a manifest's {@code fileName}: without its {@code .manifest.xml}. */
  public static String bundleName(String fileName) {
    return isManifest(fileName)
        ? fileName.substring(0, fileName.length() - MANIFEST_SUFFIX.length())
        : fileName;
  }

  /** Matches the names of every file of the bundle {@code name}, whatever its part count. */
  public static Pattern of(String name) {
    return Pattern.compile(
        Pattern.quote(name) + "(\\.part\\.\\d+|" + Pattern.quote(MANIFEST_SUFFIX) + ")");
  }
}
