package org.amibundle.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ManifestWriterTest {

  private static String write(Manifest manifest) {
    return new String(ManifestWriter.write(manifest), StandardCharsets.UTF_8);
  }

  private static Manifest withImageName(String name) {
    Manifest sample = ManifestFixtures.sample();
    ImageInfo i = sample.image();
    return new Manifest(
        sample.version(),
        sample.bundler(),
        sample.machineConfiguration(),
        new ImageInfo(
            name,
            i.user(),
            i.type(),
            i.kernelName(),
            i.ancestorAmiIds(),
            i.digest(),
            i.size(),
            i.bundledSize(),
            i.keys(),
            i.parts()),
        null);
  }

  private static Manifest withMachine(MachineConfiguration machine) {
    Manifest sample = ManifestFixtures.sample();
    return new Manifest(sample.version(), sample.bundler(), machine, sample.image(), null);
  }

  @Test
  void sample_isTheRubyOneLineFormInTableOrder() {
    String h = ManifestFixtures.SHA1_HEX;
    assertEquals(
        "<?xml version='1.0'?><manifest><version>2007-10-10</version><bundler>"
            + "<name>ec2-ami-tools</name><version>1.5</version><release>3</release></bundler>"
            + "<machine_configuration><architecture>x86_64</architecture><block_device_mapping>"
            + "<mapping><virtual>ami</virtual><device>sda1</device></mapping>"
            + "<mapping><virtual>root</virtual><device>/dev/sda1</device></mapping>"
            + "</block_device_mapping><kernel_id>aki-88aa75e1</kernel_id>"
            + "<ramdisk_id>ari-a51cf9cc</ramdisk_id><product_codes><product_code>6FF7A1E9"
            + "</product_code></product_codes></machine_configuration><image>"
            + "<name>sample.img</name><user>111122223333</user><type>machine</type>"
            + "<ancestry><ancestor_ami_id>ami-12345678</ancestor_ami_id></ancestry>"
            + "<digest algorithm='SHA1'>"
            + h
            + "</digest><size>2048</size>"
            + "<bundled_size>1024</bundled_size>"
            + "<ec2_encrypted_key algorithm='AES-128-CBC'>aa01</ec2_encrypted_key>"
            + "<user_encrypted_key algorithm='AES-128-CBC'>bb02</user_encrypted_key>"
            + "<ec2_encrypted_iv>cc03</ec2_encrypted_iv><user_encrypted_iv>dd04"
            + "</user_encrypted_iv><parts count='2'><part index='0'><filename>sample.img.part.0"
            + "</filename><digest algorithm='SHA1'>"
            + h
            + "</digest></part><part index='1'>"
            + "<filename>sample.img.part.1</filename><digest algorithm='SHA1'>"
            + h
            + "</digest></part></parts></image></manifest>",
        write(ManifestFixtures.sample()));
  }

  @Test
  void text_isEscapedAsRexmlDoes() {
    assertTrue(
        write(withImageName("a&b<c>d\"e'f"))
            .contains("<name>a&amp;b&lt;c&gt;d&quot;e&apos;f</name>"));
  }

  @Test
  void nonAsciiText_isWrittenAsUtf8() {
    byte[] bytes = ManifestWriter.write(withImageName("naïve-日本"));

    assertTrue(new String(bytes, StandardCharsets.UTF_8).contains("<name>naïve-日本</name>"));
  }

  @Test
  void whitespaceOnlyAndPaddedText_surviveARoundTrip() throws Exception {
    for (String name : List.of(" ", "\n", " padded\t", "")) {
      Manifest manifest = withImageName(name);

      assertEquals(manifest, ManifestReader.read(ManifestWriter.write(manifest)).manifest());
    }
  }

  @Test
  void controlCharacter_isRefusedNamingIt() {
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () -> ManifestWriter.write(withImageName("bad\u0001name")));
    assertTrue(e.getMessage().contains("U+0001"), e.getMessage());
  }

  @Test
  void absentOptionalFields_areOmitted() {
    String xml =
        write(
            withMachine(
                new MachineConfiguration(
                    "i386", List.of(), Optional.empty(), Optional.empty(), List.of())));

    assertTrue(
        xml.contains(
            "<machine_configuration><architecture>i386</architecture></machine_configuration>"));
    assertFalse(xml.contains("kernel_id"));
    assertFalse(xml.contains("block_device_mapping"));
    assertFalse(xml.contains("product_codes"));
  }

  @Test
  void noMachineConfiguration_writesImageRightAfterBundler() {
    String xml = write(withMachine(null));

    assertTrue(xml.contains("</bundler><image>"), xml);
  }

  @Test
  void emptyOptionalValue_isWrittenAsStartAndEndTag() {
    String xml =
        write(
            withMachine(
                new MachineConfiguration(
                    "i386", List.of(), Optional.of(""), Optional.empty(), List.of())));

    assertTrue(xml.contains("<kernel_id></kernel_id>"), xml);
  }

  @Test
  void blockDeviceMappings_areSortedByVirtualNameBytes() {
    MachineConfiguration machine =
        new MachineConfiguration(
            "x86_64",
            List.of(
                new BlockDeviceMapping("swap", "sda3"),
                new BlockDeviceMapping("Zed", "sdz"),
                new BlockDeviceMapping("ephemeral10", "sdc"),
                new BlockDeviceMapping("ephemeral0", "sdb")),
            Optional.empty(),
            Optional.empty(),
            List.of());

    assertEquals(
        List.of("Zed", "ephemeral0", "ephemeral10", "swap"),
        machine.blockDeviceMappings().stream().map(BlockDeviceMapping::virtualName).toList());
  }

  @Test
  void signature_isTheLastChild() {
    String xml = write(ManifestFixtures.sample().withSignature("abc123"));

    assertTrue(xml.endsWith("</image><signature>abc123</signature></manifest>"), xml);
  }

  @Test
  void signedRegion_isTheWrittenBytesFromMachineConfigurationThroughImage() {
    Manifest manifest = ManifestFixtures.sample().withSignature("abc123");
    String xml = write(manifest);
    String region = new String(ManifestWriter.signedRegion(manifest), StandardCharsets.UTF_8);

    assertEquals(
        xml.substring(
            xml.indexOf("<machine_configuration>"), xml.indexOf("</image>") + "</image>".length()),
        region);
  }
}
