package org.amibundle.cli.options;

import java.nio.file.Path;
import org.amibundle.UsageException;
import org.amibundle.bundle.ImageTarget;
import picocli.CommandLine.Option;

/** Where an unbundled image goes. */
public final class ImageOutputOptions {

  @Option(
      names = {"-d", "--destination"},
      paramLabel = "DIR",
      description =
          "Directory for the image, named by the manifest (default: the current directory).")
  Path destination;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FILE|DEVICE",
      description = "Write the image to this file or block device instead.")
  Path output;

  /** True when the user chose a destination or output file. */
  public boolean given() {
    return destination != null || output != null;
  }

  public ImageTarget target() throws UsageException {
    if (destination != null && output != null) {
      throw new UsageException("give --destination or --output, not both");
    }
    if (output != null) {
      return ImageTarget.file(output);
    }
    return ImageTarget.directory(destination != null ? destination : Path.of("."));
  }
}
