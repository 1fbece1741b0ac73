package org.amibundle.cli.options;

import org.amibundle.bundle.HoleDetection;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code --holes auto|scan|none}. */
final class HoleDetectionConverter implements ITypeConverter<HoleDetection> {

  @Override
  public HoleDetection convert(String value) {
    return switch (value) {
      case "auto" -> HoleDetection.AUTO;
      case "scan" -> HoleDetection.ZERO_SCAN;
      case "none" -> HoleDetection.NONE;
      default ->
          throw new TypeConversionException(
              "'" + value + "' is not a hole mode: use auto, scan or none");
    };
  }
}
