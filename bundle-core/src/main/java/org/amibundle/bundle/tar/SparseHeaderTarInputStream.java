package org.amibundle.bundle.tar;

import java.io.IOException;
import java.io.InputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Commons Compress's tar reader, used for headers only, that takes old-GNU sparse headers out of
 * the library's hands (see {@link OldGnuSparseHeader}): every header record passes through {@link
 * #readRecord}, data never does.
 */
final class SparseHeaderTarInputStream extends TarArchiveInputStream {

  private OldGnuSparseHeader oldGnuSparse;

  SparseHeaderTarInputStream(InputStream in) {
    super(in);
  }

  /** The old-GNU sparse header of the entry last returned, or null when it had none. */
  OldGnuSparseHeader oldGnuSparse() {
    return oldGnuSparse;
  }

  @Override
  protected byte[] readRecord() throws IOException {
    byte[] record = super.readRecord();
    oldGnuSparse = record == null ? null : OldGnuSparseHeader.takeFrom(record);
    return record;
  }
}
