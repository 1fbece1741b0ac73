package org.amibundle.bundle.internal;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.util.function.Predicate;

/** Loading the native libraries amibundle uses when they are there, and doing without otherwise. */
final class NativeLibraries {

  private NativeLibraries() {}

  /**
   * The first of {@code names} that loads as {@code type} and that {@code usable} accepts, or
   * null where none does.
   */
  static <T extends Library> T first(Class<T> type, Predicate<T> usable, String... names) {
    for (String name : names) {
      try {
        T library = Native.load(name, type);
        if (usable.test(library)) {
          return library;
        }
      } catch (LinkageError e) {
        // not here, or not this version: try the next name
      }
    }
    return null;
  }
}
