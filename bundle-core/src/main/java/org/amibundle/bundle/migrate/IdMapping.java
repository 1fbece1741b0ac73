package org.amibundle.bundle.migrate;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where a migrated manifest's kernel and ramdisk ids come from: the id an image has in the target
 * region, given its id in the source region.
 */
@FunctionalInterface
public interface IdMapping {

  /** The target region's id for {@code sourceId}; empty when there is none. */
  Optional<String> target(String sourceId);

  /** Every id stays as it is. */
  static IdMapping keep() {
    return Optional::of;
  }

  /** No id has a mapping: a manifest with a kernel or ramdisk id needs explicit target ids. */
  static IdMapping none() {
    return sourceId -> Optional.empty();
  }

  /**
   * The lines of a mapping file for {@code region}: {@code region,source-id,target-id} per line;
   * blank lines and lines starting with {@code #} are skipped, fields are trimmed.
   *
   * @throws org.amibundle.NotFoundException the file does not exist
   * @throws org.amibundle.BadInputException a line is malformed, or maps one id two ways
   */
  static IdMapping fromCsv(Path file, String region) throws IOException {
    return IdMappingFile.read(file, region);
  }
}
