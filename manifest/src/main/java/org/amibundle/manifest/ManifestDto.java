package org.amibundle.manifest;

import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlElementWrapper;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlProperty;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlText;
import java.util.List;

/**
 * The manifest as Jackson XML binds it: every field a string or a nested element, null when the
 * element is missing. {@link ManifestReader} checks and maps it to {@link Manifest}.
 */
final class ManifestDto {

  public String version;
  public BundlerDto bundler;

  @JacksonXmlProperty(localName = "machine_configuration")
  public MachineConfigurationDto machineConfiguration;

  public ImageDto image;
  public String signature;

  static final class BundlerDto {
    public String name;
    public String version;
    public String release;
  }

  static final class MachineConfigurationDto {
    public String architecture;

    @JacksonXmlElementWrapper(localName = "block_device_mapping")
    @JacksonXmlProperty(localName = "mapping")
    public List<MappingDto> blockDeviceMapping;

    @JacksonXmlProperty(localName = "kernel_id")
    public String kernelId;

    @JacksonXmlProperty(localName = "ramdisk_id")
    public String ramdiskId;

    @JacksonXmlElementWrapper(localName = "product_codes")
    @JacksonXmlProperty(localName = "product_code")
    public List<String> productCodes;
  }

  static final class MappingDto {
    public String virtual;
    public String device;
  }

  static final class ImageDto {
    public String name;
    public String user;
    public String type;

    @JacksonXmlProperty(localName = "kernel_name")
    public String kernelName;

    @JacksonXmlElementWrapper(localName = "ancestry")
    @JacksonXmlProperty(localName = "ancestor_ami_id")
    public List<String> ancestorAmiIds;

    public TextDto digest;
    public String size;

    @JacksonXmlProperty(localName = "bundled_size")
    public String bundledSize;

    @JacksonXmlProperty(localName = "ec2_encrypted_key")
    public TextDto ec2EncryptedKey;

    @JacksonXmlProperty(localName = "user_encrypted_key")
    public TextDto userEncryptedKey;

    @JacksonXmlProperty(localName = "ec2_encrypted_iv")
    public TextDto ec2EncryptedIv;

    @JacksonXmlProperty(localName = "user_encrypted_iv")
    public TextDto userEncryptedIv;

    public PartsDto parts;
  }

  /** An element with text and an optional {@code algorithm} attribute. */
  static final class TextDto {
    @JacksonXmlProperty(isAttribute = true)
    public String algorithm;

    @JacksonXmlText
    public String text;
  }

  static final class PartsDto {
    @JacksonXmlProperty(isAttribute = true)
    public String count;

    @JacksonXmlElementWrapper(useWrapping = false)
    @JacksonXmlProperty(localName = "part")
    public List<PartDto> part;
  }

  static final class PartDto {
    @JacksonXmlProperty(isAttribute = true)
    public String index;

    public String filename;
    public TextDto digest;
  }
}
