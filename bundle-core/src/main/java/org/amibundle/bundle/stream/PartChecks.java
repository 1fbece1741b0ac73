package org.amibundle.bundle.stream;

import org.amibundle.AmiBundleException;
import org.amibundle.bundle.PartBytes;
import org.amibundle.manifest.Part;

/**
 * Told of each part check a {@link VerifiedPartsInputStream} makes, on its prefetch thread: a
 * caller that reports on every part (verify-bundle) learns them without fetching the parts again.
 */
public interface PartChecks {

  /** Hears nothing. */
  PartChecks NONE =
      new PartChecks() {
        @Override
        public void passed(Part part, PartBytes bytes) {}

        @Override
        public void failed(Part part, AmiBundleException failure) {}
      };

  /** The part was fetched and has the manifest's SHA-1. */
  void passed(Part part, PartBytes bytes);

  /** The part is missing or damaged ({@code NotFoundException}, {@code IntegrityException}). */
  void failed(Part part, AmiBundleException failure);
}
