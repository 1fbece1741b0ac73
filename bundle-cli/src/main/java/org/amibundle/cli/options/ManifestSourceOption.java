package org.amibundle.cli.options;

import picocli.CommandLine.Option;

/**
 * {@code -m MANIFEST} of the commands that read a bundle from a directory or, with {@code -b}, from
 * S3 (verify-bundle, convert): a manifest file, or its object name.
 */
public final class ManifestSourceOption {

  @Option(
      names = {"-m", "--manifest"},
      required = true,
      paramLabel = "MANIFEST",
      description = "The manifest file; with -b its object name, e.g. image.manifest.xml.")
  String manifest;

  public String value() {
    return manifest;
  }
}
