package org.amibundle.bundle;

import java.nio.file.Path;
import java.util.List;
import org.amibundle.manifest.Manifest;

/**
 * A finished bundle: its manifest file and part files in the destination, and the manifest's
 * content.
 *
 * <p>Thread safety: immutable (its lists are unmodifiable copies), so it may be shared between
 * threads.
 */
public record BundleResult(Path manifestFile, List<Path> partFiles, Manifest manifest) {

  public BundleResult {
    partFiles = List.copyOf(partFiles);
  }
}
