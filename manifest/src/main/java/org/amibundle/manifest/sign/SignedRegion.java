package org.amibundle.manifest.sign;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.amibundle.BadInputException;

/**
 * The bytes a manifest signature covers, found in the raw file as the reference tools find them:
 * the first {@code <machine_configuration>} through the first {@code </machine_configuration>}
 * (nothing when there is none), followed by the first {@code <image>} through the first {@code
 * </image>}. A plain byte search, no XML parsing or re-serialising.
 */
public final class SignedRegion {

  private static final String MACHINE = "machine_configuration";
  private static final String IMAGE = "image";

  private SignedRegion() {}

  /** The signed bytes of {@code rawManifest}. */
  public static byte[] of(byte[] rawManifest) throws BadInputException {
    // ISO-8859-1 maps each byte to one char, so string indices are byte offsets.
    String text = new String(rawManifest, StandardCharsets.ISO_8859_1);
    ByteArrayOutputStream region = new ByteArrayOutputStream(rawManifest.length);
    int machineStart = text.indexOf("<" + MACHINE + ">");
    if (machineStart >= 0) {
      append(region, rawManifest, text, MACHINE, machineStart);
    }
    int imageStart = text.indexOf("<" + IMAGE + ">");
    if (imageStart < 0) {
      throw new BadInputException(
          "manifest has no <image> element (without attributes), so there is no signed region");
    }
    append(region, rawManifest, text, IMAGE, imageStart);
    return region.toByteArray();
  }

  private static void append(
      ByteArrayOutputStream region, byte[] raw, String text, String tag, int start)
      throws BadInputException {
    String end = "</" + tag + ">";
    int endStart = text.indexOf(end, start);
    if (endStart < 0) {
      throw new BadInputException(
          "manifest has <"
              + tag
              + "> but no "
              + end
              + " after it: the file is truncated or"
              + " damaged");
    }
    region.write(raw, start, endStart + end.length() - start);
  }
}
