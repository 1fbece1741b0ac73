package org.amibundle.bundle;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The version of this library, as written into the manifest's {@code bundler} element. */
public final class AmiBundleVersion {

  /** The bundler name written into manifests. */
  public static final String NAME = "amibundle";

  private static final String VERSION = load();

  private AmiBundleVersion() {}

  /** e.g. {@code 0.1.0} (a {@code -SNAPSHOT} suffix is dropped). */
  public static String version() {
    return VERSION;
  }

  /** The manifest's {@code bundler/version}: major.minor, like the reference's {@code 1.5}. */
  static String manifestVersion() {
    String[] parts = VERSION.split("\\.");
    return parts.length >= 2 ? parts[0] + "." + parts[1] : VERSION;
  }

  /** The manifest's {@code bundler/release}: the patch number. */
  static String manifestRelease() {
    String[] parts = VERSION.split("\\.");
    return parts.length >= 3 ? parts[2] : "0";
  }

  private static String load() {
    try (InputStream in = AmiBundleVersion.class.getResourceAsStream("version.properties")) {
      Properties properties = new Properties();
      properties.load(in);
      return properties.getProperty("version").replace("-SNAPSHOT", "");
    } catch (IOException e) {
      throw new UncheckedIOException("version.properties is missing from the amibundle jar", e);
    }
  }
}
