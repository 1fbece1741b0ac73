package org.amibundle.manifest;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * Writes a manifest exactly as ec2-ami-tools (Ruby REXML) does: {@code <?xml version='1.0'?>}
 * immediately followed by {@code <manifest>}, one line without any whitespace between tags,
 * single-quoted attributes, REXML escaping, elements in the 2007-10-10 order, optional elements
 * omitted when absent or empty, {@code <signature>} last when present. The bytes from {@code
 * <machine_configuration>} through {@code </image>} are the signed region.
 *
 * <p>The layout is always the 2007-10-10 one, whatever {@link Manifest#version()} says.
 */
public final class ManifestWriter {

  private static final String DECLARATION = "<?xml version='1.0'?>";

  private ManifestWriter() {}

  /** The complete manifest file bytes. */
  public static byte[] write(Manifest manifest) {
    Xml xml = new Xml();
    xml.raw(DECLARATION).open("manifest");
    xml.element("version", manifest.version());
    BundlingTool bundler = manifest.bundler();
    if (bundler != null) {
      xml.open("bundler")
          .element("name", bundler.name())
          .element("version", bundler.version())
          .element("release", bundler.release())
          .close("bundler");
    }
    signedRegion(xml, manifest);
    if (manifest.signature() != null) {
      xml.element("signature", manifest.signature());
    }
    return xml.close("manifest").bytes();
  }

  /**
   * The bytes {@link #write} produces from {@code <machine_configuration>} (or {@code <image>} when
   * there is none) through {@code </image>}: what the signature covers.
   */
  public static byte[] signedRegion(Manifest manifest) {
    return signedRegion(new Xml(), manifest).bytes();
  }

  private static Xml signedRegion(Xml xml, Manifest manifest) {
    MachineConfiguration machine = manifest.machineConfiguration();
    if (machine != null) {
      machineConfiguration(xml, machine);
    }
    return image(xml, manifest.image());
  }

  private static void machineConfiguration(Xml xml, MachineConfiguration machine) {
    xml.open("machine_configuration").element("architecture", machine.architecture());
    if (!machine.blockDeviceMappings().isEmpty()) {
      xml.open("block_device_mapping");
      for (BlockDeviceMapping mapping : machine.blockDeviceMappings()) {
        xml.open("mapping")
            .element("virtual", mapping.virtualName())
            .element("device", mapping.device())
            .close("mapping");
      }
      xml.close("block_device_mapping");
    }
    xml.optional("kernel_id", machine.kernelId()).optional("ramdisk_id", machine.ramdiskId());
    xml.list("product_codes", "product_code", machine.productCodes());
    xml.close("machine_configuration");
  }

  private static Xml image(Xml xml, ImageInfo image) {
    xml.open("image")
        .element("name", image.name())
        .element("user", image.user())
        .element("type", image.type())
        .optional("kernel_name", image.kernelName())
        .list("ancestry", "ancestor_ami_id", image.ancestorAmiIds())
        .digest(image.digest())
        .element("size", Long.toString(image.size()))
        .element("bundled_size", Long.toString(image.bundledSize()));
    WrappedKeys keys = image.keys();
    xml.element("ec2_encrypted_key", "algorithm", keys.cipherAlgorithm(), keys.ec2EncryptedKey())
        .element("user_encrypted_key", "algorithm", keys.cipherAlgorithm(), keys.userEncryptedKey())
        .element("ec2_encrypted_iv", keys.ec2EncryptedIv())
        .element("user_encrypted_iv", keys.userEncryptedIv());
    xml.open("parts", "count", Integer.toString(image.parts().size()));
    for (Part part : image.parts()) {
      xml.open("part", "index", Integer.toString(part.index()))
          .element("filename", part.filename())
          .digest(part.digest())
          .close("part");
    }
    return xml.close("parts").close("image");
  }

  /** A compact REXML-style writer: no whitespace, single-quoted attributes. */
  private static final class Xml {
    private final StringBuilder out = new StringBuilder(4096);

    Xml raw(String text) {
      out.append(text);
      return this;
    }

    Xml open(String name) {
      out.append('<').append(name).append('>');
      return this;
    }

    Xml open(String name, String attribute, String value) {
      out.append('<').append(name).append(' ').append(attribute).append("='");
      escape(value);
      out.append("'>");
      return this;
    }

    Xml close(String name) {
      out.append("</").append(name).append('>');
      return this;
    }

    Xml element(String name, String text) {
      open(name);
      escape(text);
      return close(name);
    }

    Xml element(String name, String attribute, String value, String text) {
      open(name, attribute, value);
      escape(text);
      return close(name);
    }

    Xml optional(String name, Optional<String> text) {
      text.ifPresent(value -> element(name, value));
      return this;
    }

    Xml list(String wrapper, String name, List<String> values) {
      if (!values.isEmpty()) {
        open(wrapper);
        values.forEach(value -> element(name, value));
        close(wrapper);
      }
      return this;
    }

    Xml digest(Digest digest) {
      return element("digest", "algorithm", digest.algorithm(), digest.hex());
    }

    /**
     * REXML text and attribute escaping. Characters XML 1.0 cannot carry are refused, and so is CR,
     * which a reader would turn into LF.
     */
    private void escape(String text) {
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        switch (c) {
          case '&' -> out.append("&amp;");
          case '<' -> out.append("&lt;");
          case '>' -> out.append("&gt;");
          case '"' -> out.append("&quot;");
          case '\'' -> out.append("&apos;");
          default -> {
            checkXmlChar(text, i);
            out.append(c);
          }
        }
      }
    }

    private static void checkXmlChar(String text, int i) {
      char c = text.charAt(i);
      boolean control = c < 0x20 && c != '\t' && c != '\n';
      boolean lone =
          Character.isHighSurrogate(c)
              ? i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))
              : Character.isLowSurrogate(c)
                  && (i == 0 || !Character.isHighSurrogate(text.charAt(i - 1)));
      if (control || lone || c == '\uFFFE' || c == '\uFFFF') {
        throw new IllegalArgumentException(
            String.format(
                "manifest text cannot contain U+%04X (not kept by XML 1.0), at index %d of '%s'",
                (int) c, i, text.replaceAll("\\p{Cntrl}", "?")));
      }
    }

    byte[] bytes() {
      return out.toString().getBytes(StandardCharsets.UTF_8);
    }
  }
}
