package org.amibundle.manifest.sign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.amibundle.BadInputException;
import org.amibundle.manifest.ManifestFixtures;
import org.amibundle.testing.TestData;
import org.junit.jupiter.api.Test;

class SignedRegionTest {

  private static String region(String xml) throws BadInputException {
    return new String(
        SignedRegion.of(xml.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
  }

  @Test
  void goldenManifest_regionRunsFromMachineConfigurationThroughImage() throws Exception {
    String xml = Files.readString(TestData.referenceManifest("tiny"));

    String region = region(xml);

    assertTrue(region.startsWith("<machine_configuration><architecture>x86_64"), region);
    assertTrue(region.endsWith("</parts></image>"), region);
    assertEquals(
        xml.substring(xml.indexOf("<machine_configuration>"), xml.indexOf("<signature>")), region);
  }

  @Test
  void eucaManifest_regionIsTheRawBytesWithDoubleQuotes() throws Exception {
    assertEquals(ManifestFixtures.eucaRegion(), region(ManifestFixtures.euca("abcd")));
  }

  @Test
  void withoutMachineConfiguration_regionIsTheImageOnly() throws Exception {
    assertEquals(
        "<image><name>x</name></image>",
        region("<manifest><version>3</version><image><name>x</name></image></manifest>"));
  }

  @Test
  void partsBetweenTheTwoElements_areLeftOut() throws Exception {
    assertEquals(
        "<machine_configuration>a</machine_configuration><image>b</image>",
        region(
            "<manifest><machine_configuration>a</machine_configuration><bundler/>"
                + "<image>b</image></manifest>"));
  }

  @Test
  void missingImage_isRejected() {
    var e =
        assertThrows(
            BadInputException.class, () -> region("<manifest><version>3</version></manifest>"));
    assertTrue(e.getMessage().contains("no <image> element"), e.getMessage());
  }

  @Test
  void truncatedImage_isRejectedAsDamaged() {
    var e =
        assertThrows(BadInputException.class, () -> region("<manifest><image><name>x</name></ima"));
    assertTrue(e.getMessage().contains("<image> but no </image>"), e.getMessage());
  }
}
