package org.amibundle.manifest;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.dataformat.xml.XmlFactory;
import com.fasterxml.jackson.dataformat.xml.XmlMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.xml.stream.XMLInputFactory;
import org.amibundle.BadInputException;
import org.amibundle.LocalIoException;
import org.amibundle.NotFoundException;
import org.amibundle.manifest.ManifestDto.ImageDto;
import org.amibundle.manifest.ManifestDto.MachineConfigurationDto;
import org.amibundle.manifest.ManifestDto.MappingDto;
import org.amibundle.manifest.ManifestDto.PartDto;
import org.amibundle.manifest.ManifestDto.TextDto;

/**
 * Reads manifests as written by ec2-ami-tools (one line, single quotes), euca2ools (ASCII
 * declaration and newline, double quotes) or any pretty-printer, versions {@code 2007-10-10},
 * {@code 2007-08-29}/{@code 20070829} and {@code 3}. Unknown elements are ignored; empty elements
 * read as {@code ""}. Documents with a DTD are refused, so no entity is ever expanded.
 */
public final class ManifestReader {

  private static final Set<String> VERSIONS =
      Set.of(Manifest.CURRENT_VERSION, "2007-08-29", "20070829", "3");
  private static final ObjectReader READER = newReader();

  private ManifestReader() {}

  /** Reads a manifest file; {@link NotFoundException} when it does not exist. */
  public static ManifestDocument read(Path file) throws IOException {
    byte[] raw;
    try {
      raw = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new NotFoundException("manifest " + file + " does not exist: check the path", e);
    } catch (IOException e) {
      throw new LocalIoException("could not read manifest " + file + ": " + e.getMessage(), e);
    }
    return read(raw, "invalid manifest " + file);
  }

  /** Parses manifest bytes; they are kept as given in the returned document. */
  public static ManifestDocument read(byte[] raw) throws BadInputException {
    return read(raw, "invalid manifest");
  }

  private static ManifestDocument read(byte[] raw, String prefix) throws BadInputException {
    // ISO-8859-1 maps each byte to one char: a byte search whatever the encoding.
    String bytes = new String(raw, StandardCharsets.ISO_8859_1);
    if (bytes.indexOf('\0') >= 0) {
      throw new BadInputException(prefix + ": it contains NUL bytes; a manifest is UTF-8 text");
    }
    if (bytes.contains("<!DOCTYPE")) {
      throw new BadInputException(
          prefix + ": it contains a <!DOCTYPE> declaration, which manifests never have; "
              + "refusing it so that no entity is expanded");
    }
    ManifestDto dto;
    try {
      dto = READER.readValue(raw);
    } catch (IOException e) {
      throw new BadInputException(prefix + ": not well-formed XML: " + firstLine(e), e);
    }
    if (dto == null) {
      throw new BadInputException(prefix + ": the document is empty");
    }
    try {
      return new ManifestDocument(raw, new Mapping(prefix).manifest(dto));
    } catch (IllegalArgumentException e) {
      throw new BadInputException(prefix + ": " + e.getMessage(), e);
    }
  }

  private static String firstLine(IOException e) {
    String message = e instanceof JacksonException je ? je.getOriginalMessage() : e.getMessage();
    return message == null ? e.getClass().getSimpleName() : message.lines().findFirst().orElse("");
  }

  private static ObjectReader newReader() {
    XMLInputFactory input = XMLInputFactory.newFactory();
    input.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    input.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    XmlMapper mapper = new XmlMapper(new XmlFactory(input));
    mapper.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    return mapper.readerFor(ManifestDto.class);
  }

  /** Maps the bound DTO to the records; missing mandatory elements are reported by path. */
  private static final class Mapping {
    private final String prefix;

    Mapping(String prefix) {
      this.prefix = prefix;
    }

    Manifest manifest(ManifestDto dto) throws BadInputException {
      String version = require(dto.version, "version").trim();
      if (!VERSIONS.contains(version)) {
        throw new BadInputException(
            prefix + ": unsupported manifest version '" + version
                + "', expected 2007-10-10, 2007-08-29, 20070829 or 3");
      }
      Bundler bundler =
          dto.bundler == null
              ? null
              : new Bundler(
                  require(dto.bundler.name, "bundler/name"),
                  require(dto.bundler.version, "bundler/version"),
                  require(dto.bundler.release, "bundler/release"));
      MachineConfiguration machine =
          dto.machineConfiguration == null ? null : machine(dto.machineConfiguration);
      return new Manifest(
          version, bundler, machine, image(require(dto.image, "image")), dto.signature);
    }

    private MachineConfiguration machine(MachineConfigurationDto dto) throws BadInputException {
      List<BlockDeviceMapping> mappings = new ArrayList<>();
      for (MappingDto mapping : orEmpty(dto.blockDeviceMapping)) {
        String where = "machine_configuration/block_device_mapping/mapping";
        require(mapping, where);
        mappings.add(
            new BlockDeviceMapping(
                require(mapping.virtual, where + "/virtual"),
                require(mapping.device, where + "/device")));
      }
      return new MachineConfiguration(
          require(dto.architecture, "machine_configuration/architecture"),
          mappings,
          Optional.ofNullable(dto.kernelId),
          Optional.ofNullable(dto.ramdiskId),
          texts(dto.productCodes));
    }

    private ImageInfo image(ImageDto dto) throws BadInputException {
      TextDto ec2Key = require(dto.ec2EncryptedKey, "image/ec2_encrypted_key");
      WrappedKeys keys =
          new WrappedKeys(
              require(ec2Key.algorithm, "image/ec2_encrypted_key@algorithm"),
              text(ec2Key).trim(),
              text(require(dto.userEncryptedKey, "image/user_encrypted_key")).trim(),
              text(require(dto.ec2EncryptedIv, "image/ec2_encrypted_iv")).trim(),
              text(require(dto.userEncryptedIv, "image/user_encrypted_iv")).trim());
      ManifestDto.PartsDto partsDto = require(dto.parts, "image/parts");
      List<PartDto> partDtos = orEmpty(partsDto.part);
      if (partsDto.count != null && number(partsDto.count, "image/parts@count") != partDtos.size()) {
        throw new BadInputException(
            prefix + ": image/parts@count says " + partsDto.count.trim() + " but there are "
                + partDtos.size() + " part elements");
      }
      List<Part> parts = new ArrayList<>();
      for (PartDto part : partDtos) {
        require(part, "image/parts/part");
        parts.add(
            new Part(
                index(require(part.index, "image/parts/part@index")),
                require(part.filename, "image/parts/part/filename"),
                digest(part.digest, "image/parts/part/digest")));
      }
      return new ImageInfo(
          require(dto.name, "image/name"),
          require(dto.user, "image/user"),
          dto.type == null ? ImageInfo.TYPE_MACHINE : dto.type,
          Optional.ofNullable(dto.kernelName),
          texts(dto.ancestorAmiIds),
          digest(dto.digest, "image/digest"),
          number(require(dto.size, "image/size"), "image/size"),
          number(require(dto.bundledSize, "image/bundled_size"), "image/bundled_size"),
          keys,
          parts);
    }

    private Digest digest(TextDto dto, String path) throws BadInputException {
      require(dto, path);
      return new Digest(require(dto.algorithm, path + "@algorithm"), text(dto).trim());
    }

    private int index(String text) throws BadInputException {
      long index = number(text, "image/parts/part@index");
      if (index > Integer.MAX_VALUE) {
        throw new BadInputException(
            prefix + ": image/parts/part@index " + index + " is too large for a part index");
      }
      return (int) index;
    }

    private long number(String text, String path) throws BadInputException {
      try {
        return Long.parseLong(text.trim());
      } catch (NumberFormatException e) {
        throw new BadInputException(
            prefix + ": " + path + " must be a decimal number, got '" + text + "'");
      }
    }

    private <T> T require(T value, String path) throws BadInputException {
      if (value == null) {
        throw new BadInputException(prefix + ": " + path + " element missing");
      }
      return value;
    }

    private static String text(TextDto dto) {
      return dto.text == null ? "" : dto.text;
    }

    private static List<String> texts(List<String> values) {
      return orEmpty(values).stream().map(v -> v == null ? "" : v).toList();
    }

    private static <T> List<T> orEmpty(List<T> values) {
      return values == null ? List.of() : values;
    }
  }
}
