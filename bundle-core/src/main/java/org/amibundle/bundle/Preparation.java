package org.amibundle.bundle;

import org.amibundle.bundle.internal.crypto.AesCbc;
import org.amibundle.bundle.internal.nativelib.LibC;
import org.amibundle.bundle.internal.nativelib.LibDeflate;

/**
 * Start-up work that bundling and unbundling need whatever their arguments, for a caller that can
 * do it ahead on another thread: loading the native libraries through JNA is some 50 ms of
 * interpreted code in a fresh process, which the command-line tool overlaps with reading its
 * arguments. Each method does only what the operation does on first use anyway, so calling none,
 * either or both twice changes nothing but when the work is done.
 */
public final class Preparation {

  private Preparation() {}

  /** For {@link Bundler}: libcrypto (AES, SHA-1, RSA) and libc (holes, write-behind). */
  public static void bundling() {
    AesCbc.usesLibCrypto();
    initialize(LibC.class);
  }

  /** For {@link Unbundler}: as {@link #bundling()}, and libdeflate. */
  public static void unbundling() {
    bundling();
    initialize(LibDeflate.class);
  }

  private static void initialize(Class<?> type) {
    try {
      Class.forName(type.getName(), true, type.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(type + " cannot be found by its own class loader", e);
    }
  }
}
