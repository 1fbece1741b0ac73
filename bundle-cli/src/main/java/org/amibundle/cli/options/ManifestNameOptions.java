package org.amibundle.cli.options;

import org.amibundle.bundle.BundleFileNames;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/** Which bundle in S3: {@code -m NAME.manifest.xml} or {@code -p NAME} (default {@code image}). */
public final class ManifestNameOptions {

  @ArgGroup(exclusive = true)
  Choice choice;

  static final class Choice {
    @Option(
        names = {"-m", "--manifest"},
        paramLabel = "NAME",
        description = "The manifest's object name, e.g. image.manifest.xml.")
    String manifest;

    @Option(
        names = {"-p", "--prefix"},
        paramLabel = "NAME",
        description = "The bundle name; the manifest is NAME.manifest.xml (default: image).")
    String prefix;
  }

  /** The manifest's file name (no key prefix). */
  public String manifestName() {
    if (choice != null && choice.manifest != null) {
      return choice.manifest;
    }
    return BundleFileNames.manifest(
        choice != null && choice.prefix != null ? choice.prefix : "image");
  }
}
