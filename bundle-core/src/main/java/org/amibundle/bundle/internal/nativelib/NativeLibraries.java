package org.amibundle.bundle.internal.nativelib;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;

/**
 * Binding the native methods of {@link LibC}, {@link LibCrypto}, {@link LibDeflate} and {@link
 * LibZ} to their libraries when they are there, and doing without otherwise. JNA's direct mapping:
 * each call goes straight to the function, where the interface mapping went through a proxy and
 * reflection on every call (JNA's Function.invoke alone took 0.17 s of C2 compiling in an
 * unbundle).
 */
final class NativeLibraries {

  private NativeLibraries() {}

  /**
   * Binds the native methods of {@code type} to the first of {@code names} that loads and has all
   * of them; false where none does.
   */
  static boolean register(Class<?> type, String... names) {
    for (String name : names) {
      try {
        Native.register(type, NativeLibrary.getInstance(name));
        return true;
      } catch (LinkageError e) {
        // not here, or not this version: try the next name
      }
    }
    return false;
  }
}
