package org.amibundle.bundle.tar;

import org.amibundle.Printable;

/** The one rule for the image member's name, shared by the writer and the reader. */
final class MemberNames {

  private MemberNames() {}

  /**
   * Why {@code name} is not a plain file name, as text following "name", or null when it is one.
   */
  static String problem(String name) {
    if (name == null || name.isEmpty()) {
      return "must not be empty";
    }
    if (name.equals(".") || name.equals("..")) {
      return "'" + name + "' must be a file name, not '.' or '..'";
    }
    for (char forbidden : new char[] {'/', '\\', '\0'}) {
      if (name.indexOf(forbidden) >= 0) {
        return "'"
            + Printable.of(name)
            + "' must be a plain file name without '"
            + (forbidden == '\0' ? "NUL" : String.valueOf(forbidden))
            + "'";
      }
    }
    return null;
  }
}
