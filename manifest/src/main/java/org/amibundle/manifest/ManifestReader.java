package org.amibundle.manifest;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.stream.Location;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.amibundle.BadInputException;
import org.amibundle.LocalIoException;
import org.amibundle.NotFoundException;
import org.amibundle.Printable;

/**
 * Reads manifests as written by ec2-ami-tools (one line, single quotes), euca2ools (ASCII
 * declaration and newline, double quotes) or any pretty-printer, versions {@code 2007-10-10},
 * {@code 2007-08-29}/{@code 20070829} and {@code 3}. Unknown elements are ignored; empty elements
 * read as {@code ""}. Documents with a DTD are refused, so no entity is ever expanded.
 *
 * <p>The document is read with the Java runtime's StAX parser into a small element tree, then
 * mapped. A manifest is some thirty elements: Jackson's data binding, which read it before, spent
 * 140 ms of a fresh process building its mapper and deserializers for them, the StAX parse 30 ms.
 */
public final class ManifestReader {

  /**
   * The largest manifest read: 64 MiB. A part element takes some 110 bytes plus its file name, so a
   * 1 TiB image in 100,000 parts of 10 MiB has a manifest of about 11 MB (37 MB with 255-character
   * names); anything larger is refused before it is read or parsed.
   */
  public static final int MAX_BYTES = 64 << 20;

  /** The UTF-8 byte order mark, as ISO-8859-1 reads it. */
  private static final String UTF8_BOM = "\u00ef\u00bb\u00bf";

  private static final Pattern DECLARED_ENCODING =
      Pattern.compile("<\\?xml[^>]*?\\sencoding\\s*=\\s*[\"']([^\"']*)[\"']");

  private static final Set<String> VERSIONS =
      Set.of(Manifest.CURRENT_VERSION, "2007-08-29", "20070829", "3");

  private ManifestReader() {}

  /**
   * Reads a manifest file; {@link NotFoundException} when it does not exist, {@link
   * BadInputException} when it holds more than {@link #MAX_BYTES}.
   */
  public static ManifestDocument read(Path file) throws IOException {
    byte[] raw;
    try (InputStream in = Files.newInputStream(file)) {
      raw = readBounded(in, "manifest " + Printable.of(file));
    } catch (NoSuchFileException e) {
      throw new NotFoundException(
          "manifest " + Printable.of(file) + " does not exist: check the path", e);
    } catch (BadInputException e) {
      throw e;
    } catch (IOException e) {
      throw new LocalIoException(
          "could not read manifest " + Printable.of(file) + ": " + Printable.of(e.getMessage()), e);
    }
    return read(raw, "invalid manifest " + Printable.of(file));
  }

  /**
   * The bytes of the manifest {@code what} (a file, an S3 object) from {@code in}: at most {@link
   * #MAX_BYTES} are read; more is refused without reading on.
   */
  public static byte[] readBounded(InputStream in, String what) throws IOException {
    byte[] raw = in.readNBytes(MAX_BYTES + 1);
    if (raw.length > MAX_BYTES) {
      throw tooLarge(what, "more than " + MAX_BYTES);
    }
    return raw;
  }

  /** The refusal of the manifest {@code what}, which holds {@code size} bytes. */
  public static BadInputException tooLarge(String what, String size) {
    return new BadInputException(
        what
            + " holds "
            + size
            + " bytes, but a manifest is at most "
            + MAX_BYTES
            + " bytes (64 MiB; a 1 TiB image in 100,000 parts needs about 11 MB): it is not a"
            + " bundle manifest; check the name");
  }

  /** Parses manifest bytes; they are kept as given in the returned document. */
  public static ManifestDocument read(byte[] raw) throws BadInputException {
    return read(raw, "invalid manifest");
  }

  private static ManifestDocument read(byte[] raw, String prefix) throws BadInputException {
    if (raw.length > MAX_BYTES) {
      throw tooLarge("the manifest", String.valueOf(raw.length));
    }
    // ISO-8859-1 maps each byte to one char: a byte search whatever the encoding.
    String bytes = new String(raw, StandardCharsets.ISO_8859_1);
    if (bytes.indexOf('\0') >= 0) {
      throw new BadInputException(prefix + ": it contains NUL bytes; a manifest is UTF-8 text");
    }
    if (bytes.contains("<!DOCTYPE")) {
      throw new BadInputException(
          prefix
              + ": it contains a <!DOCTYPE> declaration, which manifests never have; "
              + "refusing it so that no entity is expanded");
    }
    Element root;
    try {
      root = Element.parse(decode(raw, bytes, prefix));
    } catch (XMLStreamException e) {
      throw new BadInputException(prefix + ": not well-formed XML: " + describe(e), e);
    }
    try {
      return new ManifestDocument(raw, new Mapping(prefix).manifest(root));
    } catch (IllegalArgumentException e) {
      throw new BadInputException(prefix + ": " + Printable.of(e.getMessage()), e);
    }
  }

  /**
   * The document's text in the encoding it declares (UTF-8 when it declares none), decoded here and
   * strictly: the runtime's parser, left to decode bytes itself, prints a "[Fatal Error]" line of
   * its own on standard error for a byte that is not UTF-8. {@code latin1} is {@code raw} read as
   * ISO-8859-1, one char a byte.
   */
  private static String decode(byte[] raw, String latin1, String prefix) throws BadInputException {
    int start = latin1.startsWith(UTF8_BOM) ? UTF8_BOM.length() : 0;
    Matcher declared = DECLARED_ENCODING.matcher(latin1).region(start, latin1.length());
    Charset charset = StandardCharsets.UTF_8;
    if (declared.lookingAt() && start == 0) {
      try {
        charset = Charset.forName(declared.group(1));
      } catch (IllegalArgumentException e) {
        throw new BadInputException(
            prefix
                + ": it declares the encoding '"
                + Printable.of(declared.group(1))
                + "', which is not known here; manifests are UTF-8");
      }
    }
    CharsetDecoder decoder =
        charset
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(raw, start, raw.length - start);
    CharBuffer out =
        CharBuffer.allocate((int) (in.remaining() * (double) decoder.maxCharsPerByte()) + 1);
    CoderResult result = decoder.decode(in, out, true);
    if (!result.isError()) {
      result = decoder.flush(out);
    }
    if (result.isError()) {
      int offset = in.position();
      long line = latin1.substring(0, offset).chars().filter(c -> c == '\n').count() + 1;
      throw new BadInputException(
          String.format(
              "%s: byte %d (line %d) is 0x%02x, which is not %s text: the file is damaged or was"
                  + " not written as a manifest",
              prefix, offset, line, raw[offset] & 0xff, charset.name()));
    }
    return out.flip().toString();
  }

  /** "line L, column C: what the parser says", on one line. */
  private static String describe(XMLStreamException e) {
    String message = String.valueOf(e.getMessage());
    int said = message.indexOf("Message: ");
    String reason =
        (said >= 0 ? message.substring(said + "Message: ".length()) : message)
            .lines()
            .findFirst()
            .orElse(e.getClass().getSimpleName());
    Location at = e.getLocation();
    return (at == null
            ? ""
            : "line " + at.getLineNumber() + ", column " + at.getColumnNumber() + ": ")
        + Printable.of(reason);
  }

  /** An element as read: its attributes, the text directly in it, its child elements by name. */
  private static final class Element {
    private final Map<String, String> attributes = new HashMap<>();
    private final Map<String, List<Element>> children = new HashMap<>();
    private final StringBuilder text = new StringBuilder();

    /** The root element of {@code raw}, which must be a well-formed document without a DTD. */
    static Element parse(String document) throws XMLStreamException {
      XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
      factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
      factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
      XMLStreamReader reader = factory.createXMLStreamReader(new StringReader(document));
      try {
        Deque<Element> open = new ArrayDeque<>();
        Element root = null;
        while (reader.hasNext()) {
          switch (reader.next()) {
            case XMLStreamConstants.START_ELEMENT -> {
              Element element = startedAt(reader);
              if (open.isEmpty()) {
                root = element;
              } else {
                open.peek()
                    .children
                    .computeIfAbsent(reader.getLocalName(), name -> new ArrayList<>())
                    .add(element);
              }
              open.push(element);
            }
            case XMLStreamConstants.END_ELEMENT -> open.pop();
            case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA -> {
              if (!open.isEmpty()) {
                open.peek().text.append(reader.getText());
              }
            }
            default -> {
              // comments, processing instructions, space outside the root: not content
            }
          }
        }
        if (root == null) {
          throw new XMLStreamException("the document has no root element");
        }
        return root;
      } finally {
        reader.close();
      }
    }

    /** A new element with the attributes of the start tag {@code reader} is at. */
    private static Element startedAt(XMLStreamReader reader) {
      Element element = new Element();
      for (int i = 0; i < reader.getAttributeCount(); i++) {
        element.attributes.put(reader.getAttributeLocalName(i), reader.getAttributeValue(i));
      }
      return element;
    }

    /** The last child named {@code name}, or null. */
    Element child(String name) {
      List<Element> named = children.get(name);
      return named == null ? null : named.get(named.size() - 1);
    }

    /** Every child named {@code name}, in document order. */
    List<Element> all(String name) {
      return children.getOrDefault(name, List.of());
    }

    /** Every {@code name} element in the (last) child named {@code wrapper}; none without it. */
    List<Element> allIn(String wrapper, String name) {
      Element inside = child(wrapper);
      return inside == null ? List.of() : inside.all(name);
    }

    /** The text of the child named {@code name} ({@code ""} when empty), or null without one. */
    String childText(String name) {
      Element child = child(name);
      return child == null ? null : child.text();
    }

    String text() {
      return text.toString();
    }

    String attribute(String name) {
      return attributes.get(name);
    }
  }

  /** Maps the element tree to the records; missing mandatory elements are reported by path. */
  private static final class Mapping {
    private final String prefix;

    Mapping(String prefix) {
      this.prefix = prefix;
    }

    Manifest manifest(Element root) throws BadInputException {
      String version = require(root.childText("version"), "version").trim();
      if (!VERSIONS.contains(version)) {
        throw new BadInputException(
            prefix
                + ": unsupported manifest version '"
                + Printable.of(version)
                + "', expected 2007-10-10, 2007-08-29, 20070829 or 3");
      }
      Element bundlerElement = root.child("bundler");
      BundlingTool bundler =
          bundlerElement == null
              ? null
              : new BundlingTool(
                  require(bundlerElement.childText("name"), "bundler/name"),
                  require(bundlerElement.childText("version"), "bundler/version"),
                  require(bundlerElement.childText("release"), "bundler/release"));
      Element machineElement = root.child("machine_configuration");
      MachineConfiguration machine = machineElement == null ? null : machine(machineElement);
      return new Manifest(
          version,
          bundler,
          machine,
          image(require(root.child("image"), "image")),
          root.childText("signature"));
    }

    private MachineConfiguration machine(Element element) throws BadInputException {
      List<BlockDeviceMapping> mappings = new ArrayList<>();
      for (Element mapping : element.allIn("block_device_mapping", "mapping")) {
        String where = "machine_configuration/block_device_mapping/mapping";
        mappings.add(
            new BlockDeviceMapping(
                require(mapping.childText("virtual"), where + "/virtual"),
                require(mapping.childText("device"), where + "/device")));
      }
      return new MachineConfiguration(
          require(element.childText("architecture"), "machine_configuration/architecture"),
          mappings,
          Optional.ofNullable(element.childText("kernel_id")),
          Optional.ofNullable(element.childText("ramdisk_id")),
          texts(element.allIn("product_codes", "product_code")));
    }

    private ImageInfo image(Element element) throws BadInputException {
      Element ec2Key = require(element.child("ec2_encrypted_key"), "image/ec2_encrypted_key");
      WrappedKeys keys =
          new WrappedKeys(
              require(ec2Key.attribute("algorithm"), "image/ec2_encrypted_key@algorithm"),
              ec2Key.text().trim(),
              require(element.childText("user_encrypted_key"), "image/user_encrypted_key").trim(),
              require(element.childText("ec2_encrypted_iv"), "image/ec2_encrypted_iv").trim(),
              require(element.childText("user_encrypted_iv"), "image/user_encrypted_iv").trim());
      Element partsElement = require(element.child("parts"), "image/parts");
      List<Element> partElements = partsElement.all("part");
      String count = partsElement.attribute("count");
      if (count != null && number(count, "image/parts@count") != partElements.size()) {
        throw new BadInputException(
            prefix
                + ": image/parts@count says "
                + Printable.of(count.trim())
                + " but there are "
                + partElements.size()
                + " part elements");
      }
      List<Part> parts = new ArrayList<>();
      for (Element part : partElements) {
        parts.add(
            new Part(
                index(require(part.attribute("index"), "image/parts/part@index")),
                require(part.childText("filename"), "image/parts/part/filename"),
                digest(part.child("digest"), "image/parts/part/digest")));
      }
      String type = element.childText("type");
      return new ImageInfo(
          require(element.childText("name"), "image/name"),
          require(element.childText("user"), "image/user"),
          type == null ? ImageInfo.TYPE_MACHINE : type,
          Optional.ofNullable(element.childText("kernel_name")),
          texts(element.allIn("ancestry", "ancestor_ami_id")),
          digest(element.child("digest"), "image/digest"),
          number(require(element.childText("size"), "image/size"), "image/size"),
          number(
              require(element.childText("bundled_size"), "image/bundled_size"),
              "image/bundled_size"),
          keys,
          parts);
    }

    private Digest digest(Element element, String path) throws BadInputException {
      require(element, path);
      return new Digest(
          require(element.attribute("algorithm"), path + "@algorithm"), element.text().trim());
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
            prefix + ": " + path + " must be a decimal number, got '" + Printable.of(text) + "'");
      }
    }

    private <T> T require(T value, String path) throws BadInputException {
      if (value == null) {
        throw new BadInputException(prefix + ": " + path + " element missing");
      }
      return value;
    }

    private static List<String> texts(List<Element> elements) {
      return elements.stream().map(Element::text).toList();
    }
  }
}
