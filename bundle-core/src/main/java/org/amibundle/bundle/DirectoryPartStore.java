package org.amibundle.bundle;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.amibundle.bundle.internal.staging.StagingDirectory;

/**
 * {@link PartStore#directory}: parts written as they come, synced and moved in on commit. It does
 * not release parts: it is the copy beside another store ({@link PartStore#both}), which holds them
 * longer.
 */
final class DirectoryPartStore implements PartStore {

  private final StagingDirectory staging;
  private final List<Path> files = new ArrayList<>();
  private final List<String> names = new ArrayList<>();

  DirectoryPartStore(StagingDirectory staging) {
    this.staging = staging;
  }

  @Override
  public void put(String fileName, FinishedPart part) throws IOException {
    files.add(staging.write(fileName, part.bytes(), part.length()));
    names.add(fileName);
  }

  @Override
  public void commit(String manifestName, byte[] manifest) throws IOException {
    files.add(staging.write(manifestName, manifest, manifest.length));
    names.add(manifestName);
    staging.commit(files, names);
  }

  @Override
  public void close() {
    staging.close();
  }
}
