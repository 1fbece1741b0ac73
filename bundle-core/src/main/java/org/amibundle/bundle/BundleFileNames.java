package org.amibundle.bundle;

import java.util.regex.Pattern;

/**
 * The file (or object) names of a bundle: {@code NAME.part.<digits>} (see {@link PartNames}) and
 * {@code NAME.manifest.xml}.
 */
public final class BundleFileNames {

  private static final String MANIFEST_SUFFIX = ".manifest.xml";
  private static final String PART_INFIX = ".part.";

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

  /** A part's file name: {@code NAME.part.DIGITS}. */
  static String part(String name, String digits) {
    return name + PART_INFIX + digits;
  }

  /** The bundle name in a part's {@code fileName}: what comes before its last {@code .part.}. */
  public static String bundleNameOfPart(String fileName) {
    int at = fileName.lastIndexOf(PART_INFIX);
    if (at < 0) {
      throw new IllegalArgumentException("not a part's file name: " + fileName);
    }
    return fileName.substring(0, at);
  }

  /** Matches the names of every file of the bundle {@code name}, whatever its part count. */
  public static Pattern of(String name) {
    return Pattern.compile(
        Pattern.quote(name)
            + "("
            + Pattern.quote(PART_INFIX)
            + "\\d+|"
            + Pattern.quote(MANIFEST_SUFFIX)
            + ")");
  }
}
