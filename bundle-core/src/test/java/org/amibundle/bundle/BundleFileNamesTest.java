package org.amibundle.bundle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BundleFileNamesTest {

  @Test
  void manifest_isTheNameWithManifestXml_andBackAgain() {
    assertEquals("image.manifest.xml", BundleFileNames.manifest("image"));
    assertEquals("image", BundleFileNames.bundleName("image.manifest.xml"));
    assertEquals("a.b", BundleFileNames.bundleName(BundleFileNames.manifest("a.b")));
    assertEquals("notes.txt", BundleFileNames.bundleName("notes.txt"));
  }

  @Test
  void isManifest_looksAtTheEndOnly() {
    assertTrue(BundleFileNames.isManifest("some/prefix/image.manifest.xml"));
    assertFalse(BundleFileNames.isManifest("image.manifest.xml.part.0"));
    assertFalse(BundleFileNames.isManifest("image.manifestxml"));
  }

  @Test
  void of_matchesEveryFileOfTheBundle_andNoOtherBundles() {
    assertTrue(BundleFileNames.of("image").matcher("image.manifest.xml").matches());
    assertTrue(BundleFileNames.of("image").matcher("image.part.007").matches());
    assertFalse(BundleFileNames.of("image").matcher("image2.part.0").matches());
    assertFalse(BundleFileNames.of("a.b").matcher("aXb.manifest.xml").matches());
    assertFalse(BundleFileNames.of("image").matcher("image.manifestXxml").matches());
  }

  @Test
  void bundleNameOfPart_isWhatComesBeforeTheLastPartInfix() {
    assertEquals("image", BundleFileNames.bundleNameOfPart("image.part.07"));
    assertEquals("my.part.image", BundleFileNames.bundleNameOfPart("my.part.image.part.0"));
    assertThrows(
        IllegalArgumentException.class,
        () -> BundleFileNames.bundleNameOfPart("image.manifest.xml"));
  }

  @Test
  void of_matchesNoPartWithoutDigits() {
    assertFalse(BundleFileNames.of("image").matcher("image.part.").matches());
    assertFalse(BundleFileNames.of("image").matcher("image.partX0").matches());
  }
}
