package org.amibundle.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The checks in the value records' constructors. */
class ValuesTest {

  private static final Digest DIGEST = new Digest("SHA1", ManifestFixtures.SHA1_HEX);

  private static ImageInfo imageWithParts(List<Part> parts) {
    ImageInfo i = ManifestFixtures.sample().image();
    return new ImageInfo(
        i.name(),
        i.user(),
        i.type(),
        i.kernelName(),
        i.ancestorAmiIds(),
        i.digest(),
        i.size(),
        i.bundledSize(),
        i.keys(),
        parts);
  }

  @Test
  void negativePartIndex_isRejectedWithTheValue() {
    var e = assertThrows(IllegalArgumentException.class, () -> new Part(-1, "p", DIGEST));
    assertEquals("part index must be >= 0, got -1", e.getMessage());
  }

  @Test
  void partFilenameWithNul_isRejectedShowingItEscaped() {
    var e = assertThrows(IllegalArgumentException.class, () -> new Part(0, "a\0b", DIGEST));
    assertTrue(e.getMessage().endsWith("got 'a\\x00b'"), e.getMessage());
  }

  /** The attack: a part named "x\nERROR: ..." printed a forged line of its own. */
  @Test
  void partFilenameWithNewlineOrEscape_isRejectedOnOneLine() {
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new Part(0, "a.part.0\nERROR: all is well\u001b[2J", DIGEST));
    assertTrue(
        e.getMessage().endsWith("got 'a.part.0\\nERROR: all is well\\x1b[2J'"), e.getMessage());
    assertEquals(1, e.getMessage().lines().count());
  }

  @Test
  void duplicatePartIndex_isRejected() {
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () -> imageWithParts(List.of(new Part(0, "a", DIGEST), new Part(0, "b", DIGEST))));
    assertTrue(e.getMessage().contains("expected index 1 but got 0"), e.getMessage());
  }

  @Test
  void noParts_isAllowed() {
    assertEquals(List.of(), imageWithParts(List.of()).parts());
  }

  @Test
  void negativeSize_isRejectedWithTheValue() {
    ImageInfo i = ManifestFixtures.sample().image();
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new ImageInfo(
                    i.name(),
                    i.user(),
                    i.type(),
                    i.kernelName(),
                    i.ancestorAmiIds(),
                    i.digest(),
                    -5,
                    0,
                    i.keys(),
                    i.parts()));
    assertEquals("image size must be >= 0, got -5", e.getMessage());
  }

  @Test
  void lists_areImmutableCopies() {
    List<String> codes = new ArrayList<>(List.of("A"));
    MachineConfiguration machine =
        new MachineConfiguration("i386", List.of(), Optional.empty(), Optional.empty(), codes);
    codes.add("B");

    assertEquals(List.of("A"), machine.productCodes());
    assertThrows(UnsupportedOperationException.class, () -> machine.productCodes().add("C"));
  }

  @Test
  void duplicateVirtualName_isRejected() {
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new MachineConfiguration(
                    "i386",
                    List.of(
                        new BlockDeviceMapping("ami", "sda1"),
                        new BlockDeviceMapping("ami", "sdb")),
                    Optional.empty(),
                    Optional.empty(),
                    List.of()));
    assertTrue(e.getMessage().contains("'ami' twice"), e.getMessage());
  }

  @Test
  void digestMatches_ignoresCase() {
    assertTrue(new Digest("SHA1", "abCD").matches("ABcd"));
    assertFalse(new Digest("SHA1", "abcd").matches("abce"));
  }

  @Test
  void wrappedKeysThatAreNotHex_areRejectedWithoutEchoingThem() {
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new WrappedKeys("AES-128-CBC", "zz-secret", "", "", ""));
    assertFalse(e.getMessage().contains("zz-secret"), e.getMessage());
  }
}
