package org.amibundle.bundle;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class PartNamesTest {

  @Test
  void widthIsTheDigitsOfThePartCount_asRubyNamesThem() {
    assertEquals(List.of("web.img.part.0"), PartNames.of("web.img", 1));
    assertEquals("web.img.part.8", PartNames.of("web.img", 9).get(8));
    assertEquals("web.img.part.00", PartNames.of("web.img", 10).get(0));
    assertEquals("web.img.part.09", PartNames.of("web.img", 10).get(9));
    assertEquals("web.img.part.000", PartNames.of("web.img", 103).get(0));
    assertEquals("web.img.part.102", PartNames.of("web.img", 103).get(102));
  }
}
