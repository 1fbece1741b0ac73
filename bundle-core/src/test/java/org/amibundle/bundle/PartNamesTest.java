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

  @Test
  void streamedWidthIsThatOfTheMostPartsTheImageCanMake_whateverItCompressesTo() {
    long tenMiB = 10L << 20;
    assertEquals(109, PartNames.mostParts(1L << 30, tenMiB));
    assertEquals("web.img.part.000", PartNames.streamed("web.img", 1L << 30, tenMiB).apply(0));
    assertEquals("web.img.part.102", PartNames.streamed("web.img", 1L << 30, tenMiB).apply(102));
    assertEquals("web.img.part.00", PartNames.streamed("web.img", 100L << 20, tenMiB).apply(0));
    assertEquals("web.img.part.0", PartNames.streamed("web.img", 1_000_000, tenMiB).apply(0));
    assertEquals(1, PartNames.mostParts(0, tenMiB));
  }

  @Test
  void streamedNamesPastTheWidthGoOnUnpadded() {
    assertEquals("web.img.part.10", PartNames.streamed("web.img", 1_000_000, 10L << 20).apply(10));
  }
}
