package org.amibundle.cli.options;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * {@code -m PATH} of the commands that read a local bundle (unbundle, upload-bundle): its manifest
 * file. migrate-manifest (which rewrites it), delete-bundle (-m or -p) and the commands whose -m is
 * an object name in S3 declare their own.
 */
public final class ManifestFileOption {

  @Option(
      names = {"-m", "--manifest"},
      required = true,
      paramLabel = "PATH",
      description = "The bundle's manifest file.")
  Path path;

  public Path path() {
    return path;
  }
}
