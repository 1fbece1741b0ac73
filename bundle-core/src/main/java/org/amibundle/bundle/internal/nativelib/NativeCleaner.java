package org.amibundle.bundle.internal.nativelib;

import java.lang.ref.Cleaner;

/**
 * The one cleaner (one thread) that frees the native memory of objects dropped without being
 * closed: libcrypto's contexts and {@link HugePageBuffer}s.
 */
public final class NativeCleaner {

  public static final Cleaner CLEANER = Cleaner.create();

  private NativeCleaner() {}
}
