package org.amibundle;

/**
 * A manifest's kernel or ramdisk id has no mapping to the target region: give the new id, a mapping
 * for it, or keep it (the reference's exit 6).
 */
public final class MappingNotFoundException extends BadInputException {

  public MappingNotFoundException(String message) {
    super(message);
  }

  public MappingNotFoundException(String message, Throwable cause) {
    super(message, cause);
  }
}
