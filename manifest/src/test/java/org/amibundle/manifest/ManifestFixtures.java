package org.amibundle.manifest;

import java.util.List;
import java.util.Optional;

/** Hand-made manifests for tests. */
public final class ManifestFixtures {

  /** 40 hex digits. */
  public static final String SHA1_HEX = "0123456789abcdef0123456789abcdef01234567";

  private ManifestFixtures() {}

  /** An unsigned manifest with every optional field set and two parts. */
  public static Manifest sample() {
    MachineConfiguration machine =
        new MachineConfiguration(
            "x86_64",
            List.of(
                new BlockDeviceMapping("root", "/dev/sda1"), new BlockDeviceMapping("ami", "sda1")),
            Optional.of("aki-88aa75e1"),
            Optional.of("ari-a51cf9cc"),
            List.of("6FF7A1E9"));
    ImageInfo image =
        new ImageInfo(
            "sample.img",
            "111122223333",
            ImageInfo.TYPE_MACHINE,
            Optional.empty(),
            List.of("ami-12345678"),
            new Digest(Digest.SHA1, SHA1_HEX),
            2048,
            1024,
            new WrappedKeys(WrappedKeys.AES_128_CBC, "aa01", "bb02", "cc03", "dd04"),
            List.of(
                new Part(1, "sample.img.part.1", new Digest(Digest.SHA1, SHA1_HEX)),
                new Part(0, "sample.img.part.0", new Digest(Digest.SHA1, SHA1_HEX))));
    return new Manifest(
        Manifest.CURRENT_VERSION,
        new BundlingTool("ec2-ami-tools", "1.5", "3"),
        machine,
        image,
        null);
  }

  /**
   * A manifest as euca2ools writes it: ASCII declaration and a newline, double quotes, its {@code
   * machine_configuration} order, empty user key elements; {@code signature} is put last.
   */
  public static String euca(String signature) {
    return "<?xml version='1.0' encoding='ASCII'?>\n"
        + "<manifest><version>2007-10-10</version><bundler><name>euca2ools</name>"
        + "<version>3.4.1</version><release>0</release></bundler>"
        + eucaRegion()
        + "<signature>"
        + signature
        + "</signature></manifest>";
  }

  /** The signed region of {@link #euca(String)}. */
  public static String eucaRegion() {
    return "<machine_configuration><architecture>x86_64</architecture>"
        + "<block_device_mapping><mapping><virtual>ami</virtual><device>sda1</device></mapping>"
        + "</block_device_mapping><kernel_id>aki-88aa75e1</kernel_id></machine_configuration>"
        + "<image><name>euca.img</name><user>111122223333</user><type>machine</type>"
        + "<digest algorithm=\"SHA1\">"
        + SHA1_HEX
        + "</digest><size>4096</size>"
        + "<bundled_size>1040</bundled_size>"
        + "<ec2_encrypted_key algorithm=\"AES-128-CBC\">abcd</ec2_encrypted_key>"
        + "<user_encrypted_key algorithm=\"AES-128-CBC\"/>"
        + "<ec2_encrypted_iv>ef01</ec2_encrypted_iv><user_encrypted_iv/>"
        + "<parts count=\"1\"><part index=\"0\"><filename>euca.img.part.00</filename>"
        + "<digest algorithm=\"SHA1\">"
        + SHA1_HEX
        + "</digest></part></parts></image>";
  }
}
