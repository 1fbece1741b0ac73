package org.amibundle.bundle;

import java.io.IOException;

/** {@link PartStore#both}: each part into the copy, then the store; the store committed first. */
final class TeePartStore implements PartStore {

  private final PartStore copy;
  private final PartStore store;

  TeePartStore(PartStore copy, PartStore store) {
    this.copy = copy;
    this.store = store;
  }

  @Override
  public void put(String fileName, FinishedPart part) throws IOException {
    copy.put(fileName, part);
    store.put(fileName, part);
  }

  @Override
  public void commit(String manifestName, byte[] manifest) throws IOException {
    store.commit(manifestName, manifest);
    copy.commit(manifestName, manifest);
  }

  /** Closes both, the store even if the copy fails to close; throws the first failure. */
  @Override
  public void close() throws IOException {
    try (store) {
      copy.close();
    }
  }
}
