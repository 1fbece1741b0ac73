package org.amibundle.bundle.internal.crypto;

import java.lang.ref.Cleaner;

/**
 * The one cleaner (one thread) that frees the native memory of libcrypto objects dropped without
 * being closed.
 */
final class NativeCleaner {

  static final Cleaner CLEANER = Cleaner.create();

  private NativeCleaner() {}
}
