package org.amibundle;

/**
 * A setting of a request that a message tells the user to give or change, named in the library's
 * words. A message puts the setting in its sentence as {@link #phrase()} ("or write over it with
 * the force setting"); a front end that spells settings its own way (the command line's flags)
 * replaces each phrase with its own name, and the sentence still reads right.
 */
public enum Setting {
  FORCE("the force setting"),
  GROW("the grow setting"),
  SIZE("the size setting"),
  SOURCE("the source setting"),
  IMAGE("the image setting"),
  KERNEL("the kernel setting"),
  RAMDISK("the ramdisk setting"),
  PARTITION("the partition setting"),
  PREFIX("the prefix setting"),
  EXCLUDE("the exclude setting"),
  EXCLUDE_OR_INCLUDE("the exclude/include setting"),
  NO_MAPPING("the no-mapping setting"),
  SKIP_SIGNATURE_CHECK("the skip-signature-check setting"),
  ENDPOINT("the endpoint setting"),
  REGION("the region setting"),
  LOCATION("the location setting"),
  ACCESS_KEY("the access-key setting"),
  PROFILE("the profile setting"),
  DEBUG("the debug setting"),
  CERT("the certificate setting"),
  EC2_CERT("the EC2 certificate setting"),
  BUCKET("the bucket setting"),
  DESTINATION("the destination setting"),
  DIRECTORY("the parts directory setting"),
  OUTPUT("the output setting"),
  SCRIPT("the script setting");

  private final String phrase;

  Setting(String phrase) {
    this.phrase = phrase;
  }

  /** How messages name the setting; stable, as front ends look for it. */
  public String phrase() {
    return phrase;
  }

  /** The {@link #phrase()}, so that a message can name the setting by concatenation. */
  @Override
  public String toString() {
    return phrase;
  }
}
