package org.amibundle;

/**
 * A file name, path or manifest value made safe to put in a message: a newline in a name cannot
 * start a line of its own ("ERROR: ..." forged by a file name), nor an escape sequence reach the
 * terminal. Control characters (C0, DEL, C1), the Unicode line and paragraph separators and the
 * bidirectional overrides, which reorder what is shown, are written as {@code \n}, {@code \r},
 * {@code \t}, {@code \xNN} or {@code \}{@code uNNNN}; everything else is kept as it is.
 */
public final class Printable {

  private Printable() {}

  /** {@code value}'s text with control characters escaped; {@code "null"} for null. */
  public static String of(Object value) {
    String text = String.valueOf(value);
    if (text.codePoints().noneMatch(Printable::escaped)) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length() + 8);
    text.codePoints()
        .forEach(
            c -> {
              if (!escaped(c)) {
                out.appendCodePoint(c);
              } else if (c == '\n') {
                out.append("\\n");
              } else if (c == '\r') {
                out.append("\\r");
              } else if (c == '\t') {
                out.append("\\t");
              } else if (c < 0x100) {
                out.append(String.format("\\x%02x", c));
              } else {
                out.append(String.format("\\u%04x", c));
              }
            });
    return out.toString();
  }

  /** Whether {@code text} holds a character that {@link #of} escapes. */
  public static boolean hasControlCharacters(String text) {
    return text.codePoints().anyMatch(Printable::escaped);
  }

  private static boolean escaped(int c) {
    return Character.getType(c) == Character.CONTROL
        || c == '\u2028'
        || c == '\u2029'
        || (c >= '\u202a' && c <= '\u202e')
        || (c >= '\u2066' && c <= '\u2069');
  }
}
