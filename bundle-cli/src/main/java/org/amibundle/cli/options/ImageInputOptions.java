package org.amibundle.cli.options;

import java.util.Optional;
import org.amibundle.bundle.HoleDetection;
import picocli.CommandLine.Option;

/** The image a bundling command reads, and the bundle's name (bundle-image, bundle-and-upload). */
public final class ImageInputOptions {

  @Option(
      names = {"-i", "--image"},
      required = true,
      paramLabel = "PATH",
      description =
          "Image file or block device; '-' reads standard input (needs --prefix and --image-size).")
  String image;

  @Option(
      names = {"-p", "--prefix"},
      paramLabel = "PREFIX",
      description = "Bundle name (default: the image's file name).")
  String prefix;

  @Option(
      names = "--image-size",
      paramLabel = "BYTES",
      description = "Size of an image read from standard input.")
  Long imageSize;

  @Option(
      names = "--holes",
      paramLabel = "MODE",
      defaultValue = "auto",
      converter = HoleDetectionConverter.class,
      description =
          "How holes are found: auto (the filesystem's map, like tar -S), scan (zero blocks),"
              + " none (store every byte). Default: ${DEFAULT-VALUE}.")
  HoleDetection holes;

  public String image() {
    return image;
  }

  public Optional<String> prefix() {
    return Optional.ofNullable(prefix);
  }

  public Optional<Long> imageSize() {
    return Optional.ofNullable(imageSize);
  }

  public HoleDetection holes() {
    return holes;
  }
}
