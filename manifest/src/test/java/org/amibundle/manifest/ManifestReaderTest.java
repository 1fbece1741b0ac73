package org.amibundle.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.amibundle.BadInputException;
import org.amibundle.NotFoundException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ManifestReaderTest {

  private static final String KEYS =
      "<ec2_encrypted_key algorithm='AES-128-CBC'>aa</ec2_encrypted_key>"
          + "<user_encrypted_key algorithm='AES-128-CBC'>bb</user_encrypted_key>"
          + "<ec2_encrypted_iv>cc</ec2_encrypted_iv><user_encrypted_iv>dd</user_encrypted_iv>";

  private static final String DIGEST =
      "<digest algorithm='SHA1'>" + ManifestFixtures.SHA1_HEX + "</digest>";

  /** Version 3, as ManifestV3 wrote it: no machine_configuration, no bundler, no type. */
  private static final String VERSION_3 =
      """
      <?xml version='1.0'?><manifest><version>3</version><image><name>old.img</name>\
      <user>111122223333</user>%s<size>10</size><bundled_size>48</bundled_size>%s\
      <parts count='1'><part index='0'><filename>old.img.part.0</filename>%s</part></parts>\
      </image><signature>abcd</signature></manifest>\
      """
          .formatted(DIGEST, KEYS, DIGEST);

  /** Version 2007-08-29 (written as 20070829): machine_configuration with only architecture. */
  private static final String VERSION_2007_08_29 =
      """
      <?xml version='1.0'?><manifest><version>20070829</version><bundler><name>ec2-ami-tools\
      </name><version>1.3</version><release>20070829</release></bundler><machine_configuration>\
      <architecture>i386</architecture></machine_configuration><image><name>mid.img</name>\
      <user>111122223333</user>%s<size>10</size><bundled_size>48</bundled_size>%s\
      <parts count='1'><part index='0'><filename>mid.img.part.0</filename>%s</part></parts>\
      </image><signature>abcd</signature></manifest>\
      """
          .formatted(DIGEST, KEYS, DIGEST);

  private static Manifest read(String xml) throws BadInputException {
    return ManifestReader.read(xml.getBytes(StandardCharsets.UTF_8)).manifest();
  }

  private static String sampleXml() {
    return new String(ManifestWriter.write(ManifestFixtures.sample()), StandardCharsets.UTF_8);
  }

  @Test
  void version3_readsWithoutMachineConfigurationAndDefaultsTypeToMachine() throws Exception {
    Manifest manifest = read(VERSION_3);

    assertEquals("3", manifest.version());
    assertNull(manifest.bundler());
    assertNull(manifest.machineConfiguration());
    assertEquals("old.img", manifest.image().name());
    assertEquals("machine", manifest.image().type());
    assertEquals("old.img.part.0", manifest.image().parts().get(0).filename());
    assertEquals("abcd", manifest.signature());
  }

  @Test
  void version20070829_readsArchitectureOnly() throws Exception {
    Manifest manifest = read(VERSION_2007_08_29);

    assertEquals("20070829", manifest.version());
    assertEquals("1.3", manifest.bundler().version());
    assertEquals("i386", manifest.machineConfiguration().architecture());
    assertEquals(Optional.empty(), manifest.machineConfiguration().kernelId());
    assertEquals("machine", manifest.image().type());
    assertEquals(10, manifest.image().size());
  }

  @Test
  void versionWrittenAs2007dash08dash29_isAccepted() throws Exception {
    assertEquals(
        "2007-08-29",
        read(VERSION_2007_08_29.replace(
                ">20070829</version><bundler>", ">2007-08-29</version><bundler>"))
            .version());
  }

  @Test
  void unsupportedVersion_isRejectedNamingTheVersion() {
    var e =
        assertThrows(
            BadInputException.class,
            () -> read(VERSION_3.replace("<version>3</version>", "<version>2099-01-01</version>")));
    assertTrue(
        e.getMessage().contains("unsupported manifest version '2099-01-01'"), e.getMessage());
  }

  @Test
  void eucaForm_readsWithDoubleQuotesAndEmptyUserKeys() throws Exception {
    Manifest manifest = read(ManifestFixtures.euca("UNSIGNED"));

    assertEquals("euca2ools", manifest.bundler().name());
    assertEquals(Optional.of("aki-88aa75e1"), manifest.machineConfiguration().kernelId());
    WrappedKeys keys = manifest.image().keys();
    assertEquals("AES-128-CBC", keys.cipherAlgorithm());
    assertEquals("abcd", keys.ec2EncryptedKey());
    assertEquals("", keys.userEncryptedKey());
    assertEquals("", keys.userEncryptedIv());
    assertEquals("euca.img.part.00", manifest.image().parts().get(0).filename());
    assertEquals("UNSIGNED", manifest.signature());
  }

  @Test
  void prettyPrintedManifest_readsTheSameValues() throws Exception {
    String pretty = sampleXml().replace("><", ">\n  <").replace("?>", "?>\n");

    assertEquals(ManifestFixtures.sample(), read(pretty));
  }

  @Test
  void emptyElements_readAsEmptyText() throws Exception {
    String xml =
        sampleXml()
            .replace("<kernel_id>aki-88aa75e1</kernel_id>", "<kernel_id></kernel_id>")
            .replace("<ramdisk_id>ari-a51cf9cc</ramdisk_id>", "<ramdisk_id/>")
            .replace("<user_encrypted_iv>dd04</user_encrypted_iv>", "<user_encrypted_iv/>");

    Manifest manifest = read(xml);

    assertEquals(Optional.of(""), manifest.machineConfiguration().kernelId());
    assertEquals(Optional.of(""), manifest.machineConfiguration().ramdiskId());
    assertEquals("", manifest.image().keys().userEncryptedIv());
  }

  @Test
  void unknownElementsAndAttributes_areIgnored() throws Exception {
    String xml =
        sampleXml()
            .replace("<image>", "<image><future_field a='1'><x>y</x></future_field>")
            .replace("<manifest>", "<manifest><!-- comment --><extra/>")
            .replace("<part index='0'>", "<part index='0' size='512'>");

    assertEquals(ManifestFixtures.sample(), read(xml));
  }

  @ParameterizedTest
  @ValueSource(strings = {"digest", "size", "bundled_size", "name", "user", "parts"})
  void missingMandatoryImageElement_isRejectedNamingItsPath(String element) {
    String xml =
        sampleXml()
            .replaceFirst(
                "<image>(.*?)<" + element + "( [^>]*)?>.*?</" + element + ">", "<image>$1");

    var e = assertThrows(BadInputException.class, () -> read(xml));
    assertTrue(e.getMessage().contains("image/" + element + " element missing"), e.getMessage());
  }

  @Test
  void missingElementInFile_namesTheFile(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("broken.manifest.xml");
    Files.writeString(
        file,
        sampleXml()
            .replaceFirst("<digest algorithm='SHA1'>[0-9a-f]*</digest>" + "<size>", "<size>"));

    var e = assertThrows(BadInputException.class, () -> ManifestReader.read(file));
    assertEquals("invalid manifest " + file + ": image/digest element missing", e.getMessage());
  }

  @Test
  void aManifestFileOf64MiBAndOneByte_isRefusedBeforeParsing(@TempDir Path dir) throws IOException {
    Path huge = dir.resolve("huge.manifest.xml");
    try (RandomAccessFile file = new RandomAccessFile(huge.toFile(), "rw")) {
      file.setLength(ManifestReader.MAX_BYTES + 1L);
    }

    BadInputException e = assertThrows(BadInputException.class, () -> ManifestReader.read(huge));

    assertTrue(e.getMessage().contains("a manifest is at most 67108864 bytes"), e.getMessage());
    assertTrue(e.getMessage().contains(huge.toString()), e.getMessage());
  }

  @Test
  void devZeroAsTheManifest_isRefusedAfter64MiB_notReadForever() {
    BadInputException e =
        assertThrows(BadInputException.class, () -> ManifestReader.read(Path.of("/dev/zero")));

    assertTrue(e.getMessage().contains("more than 67108864 bytes"), e.getMessage());
  }

  @Test
  void manifestBytesOver64MiB_areRefusedBeforeParsing() {
    BadInputException e =
        assertThrows(
            BadInputException.class,
            () -> ManifestReader.read(new byte[ManifestReader.MAX_BYTES + 1]));

    assertTrue(e.getMessage().contains("67108865 bytes"), e.getMessage());
  }

  @Test
  void missingFile_isNotFound(@TempDir Path dir) {
    Path file = dir.resolve("absent.manifest.xml");

    var e = assertThrows(NotFoundException.class, () -> ManifestReader.read(file));
    assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
  }

  @Test
  void readFromFile_keepsTheRawBytes(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("m.manifest.xml");
    byte[] raw = ManifestWriter.write(ManifestFixtures.sample());
    Files.write(file, raw);

    ManifestDocument document = ManifestReader.read(file);
    assertTrue(java.util.Arrays.equals(raw, document.raw()));
    document.raw()[0] = 'X';
    assertEquals('<', document.raw()[0]);
  }

  @Test
  void notXml_isRejected() {
    var e = assertThrows(BadInputException.class, () -> read("this is not a manifest"));
    assertTrue(e.getMessage().startsWith("invalid manifest: not well-formed XML"), e.getMessage());
  }

  @Test
  void externalEntity_isRejectedWithoutReadingTheFile() {
    String xxe =
        """
        <?xml version='1.0'?>
        <!DOCTYPE manifest [<!ENTITY x SYSTEM "file:///etc/passwd">]>
        <manifest><version>2007-10-10</version><image><name>&x;</name></image></manifest>\
        """;

    var e = assertThrows(BadInputException.class, () -> read(xxe));
    assertTrue(e.getMessage().contains("<!DOCTYPE"), e.getMessage());
    assertFalse(e.getMessage().contains("root:"), e.getMessage());
  }

  @Test
  void billionLaughs_isRejectedBeforeExpansion() {
    StringBuilder entities = new StringBuilder("<!ENTITY l0 \"lol\">");
    for (int i = 1; i < 10; i++) {
      entities
          .append("<!ENTITY l")
          .append(i)
          .append(" \"")
          .append(("&l" + (i - 1) + ";").repeat(10))
          .append("\">");
    }
    String bomb =
        "<?xml version='1.0'?><!DOCTYPE manifest ["
            + entities
            + "]>"
            + "<manifest><version>&l9;</version></manifest>";

    var e = assertThrows(BadInputException.class, () -> read(bomb));
    assertTrue(e.getMessage().contains("<!DOCTYPE"), e.getMessage());
  }

  @Test
  void undeclaredEntity_isRejectedAsMalformed() {
    String xml = sampleXml().replace("<name>sample.img</name>", "<name>&x;</name>");

    assertThrows(BadInputException.class, () -> read(xml));
  }

  @Test
  void utf16Document_isRejectedSoNoDeclarationCanHide() {
    byte[] utf16 =
        sampleXml()
            .replace("<?xml version='1.0'?>", "<?xml version='1.0' encoding='UTF-16'?>")
            .getBytes(StandardCharsets.UTF_16);

    var e = assertThrows(BadInputException.class, () -> ManifestReader.read(utf16));
    assertTrue(e.getMessage().contains("NUL"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"../x", "/etc/x", "a\\b", "..", ".", ""})
  void hostilePartFilename_isRejected(String filename) {
    String xml =
        sampleXml()
            .replace(
                "<filename>sample.img.part.0</filename>", "<filename>" + filename + "</filename>");

    var e = assertThrows(BadInputException.class, () -> read(xml));
    assertTrue(e.getMessage().contains("plain file name"), e.getMessage());
  }

  @Test
  void partIndexGap_isRejected() {
    String xml = sampleXml().replace("<part index='1'>", "<part index='2'>");

    var e = assertThrows(BadInputException.class, () -> read(xml));
    assertTrue(e.getMessage().contains("part indices must be exactly 0..1"), e.getMessage());
  }

  @Test
  void partCountDisagreeingWithParts_isRejected() {
    String xml = sampleXml().replace("<parts count='2'>", "<parts count='3'>");

    var e = assertThrows(BadInputException.class, () -> read(xml));
    assertTrue(
        e.getMessage().contains("image/parts@count says 3 but there are 2 part elements"),
        e.getMessage());
  }

  @Test
  void partsOutOfOrder_areSortedByIndex() throws Exception {
    Manifest manifest = ManifestFixtures.sample();

    assertEquals(List.of(0, 1), manifest.image().parts().stream().map(Part::index).toList());
    assertEquals(manifest, read(sampleXml()));
  }

  @Test
  void nonNumericSize_isRejectedNamingTheElement() {
    String xml = sampleXml().replace("<size>2048</size>", "<size>2k</size>");

    var e = assertThrows(BadInputException.class, () -> read(xml));
    assertTrue(
        e.getMessage().contains("image/size must be a decimal number, got '2k'"), e.getMessage());
  }

  @Test
  void nonHexDigest_isRejected() {
    String xml = sampleXml().replaceFirst(ManifestFixtures.SHA1_HEX, "not-hex");

    assertThrows(BadInputException.class, () -> read(xml));
  }

  /**
   * The attack: a byte that is not UTF-8 made the runtime's XML parser print a stray "[Fatal
   * Error]" line on standard error beside amibundle's message. Now only the message tells, naming
   * the byte.
   */
  @Test
  void badUtf8_isRefusedNamingTheByte_withNothingPrintedOnStandardError() throws Exception {
    String xml = sampleXml().replace("<name>sample.img</name>", "<name>sample\u00ff.img</name>");
    byte[] raw = xml.getBytes(StandardCharsets.ISO_8859_1);
    int offset = xml.indexOf('\u00ff');
    java.io.ByteArrayOutputStream stderr = new java.io.ByteArrayOutputStream();
    java.io.PrintStream before = System.err;
    BadInputException e;
    System.setErr(new java.io.PrintStream(stderr, true, StandardCharsets.UTF_8));
    try {
      e = assertThrows(BadInputException.class, () -> ManifestReader.read(raw));
    } finally {
      System.setErr(before);
    }

    assertEquals("", stderr.toString(StandardCharsets.UTF_8));
    assertTrue(
        e.getMessage()
            .startsWith(
                "invalid manifest: byte "
                    + offset
                    + " (line 1) is 0xff,"
                    + " which is not UTF-8 text"),
        e.getMessage());
  }

  @Test
  void byteOutsideADeclaredAsciiEncoding_isRefusedToo_andAsciiManifestsRead() throws Exception {
    String ascii =
        sampleXml().replace("<?xml version='1.0'?>", "<?xml version='1.0' encoding='ASCII'?>\n");
    assertEquals("sample.img", read(ascii).image().name());

    var e =
        assertThrows(
            BadInputException.class,
            () ->
                ManifestReader.read(
                    ascii
                        .replace("sample.img</name>", "s\u00e9.img</name>")
                        .getBytes(StandardCharsets.UTF_8)));
    assertTrue(
        e.getMessage().contains("(line 2) is 0xc3, which is not US-ASCII text"), e.getMessage());
  }

  @Test
  void malformedXml_isToldWithLineColumnAndReason_onOneLine() {
    var e = assertThrows(BadInputException.class, () -> read("<manifest>\n<a></manifest>"));
    assertTrue(
        e.getMessage().startsWith("invalid manifest: not well-formed XML: line 2, column"),
        e.getMessage());
    assertTrue(e.getMessage().contains("must be terminated"), e.getMessage());
    assertEquals(1, e.getMessage().lines().count());
  }
}
