package org.amibundle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Known answers of the one escaping rule for names in messages. */
class PrintableTest {

  @Test
  void controlCharacters_areEscaped_everythingElseKept() {
    assertEquals(
        "a\\nERROR: b\\r\\t\\x00\\x1b[31m\\x7f\\x85",
        Printable.of("a\nERROR: b\r\t\0\u001b[31m\u007f\u0085"));
    assertEquals("evil\\u202etxt.exe\\u2028", Printable.of("evil\u202etxt.exe\u2028"));
    assertEquals("/srv/ünïcødé 目录/a\\b c.img", Printable.of(Path.of("/srv/ünïcødé 目录/a\\b c.img")));
    assertEquals("null", Printable.of(null));
  }

  @Test
  void hasControlCharacters_agreesWithWhatIsEscaped() {
    assertTrue(Printable.hasControlCharacters("a\nb"));
    assertTrue(Printable.hasControlCharacters("\u2066"));
    assertFalse(Printable.hasControlCharacters("plain name.img.part.0"));
  }
}
