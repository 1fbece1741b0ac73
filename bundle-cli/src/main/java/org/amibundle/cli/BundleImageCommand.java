package org.amibundle.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.amibundle.UsageException;
import org.amibundle.bundle.BundleRequest;
import org.amibundle.bundle.BundleResult;
import org.amibundle.bundle.Bundler;
import org.amibundle.bundle.ImageSource;
import org.amibundle.bundle.tar.HoleDetection;
import org.amibundle.cli.options.BundleOptions;
import org.amibundle.cli.options.CommonOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code bundle-image} / ec2-bundle-image: an image file or block device becomes a bundle. */
@Command(
    name = "bundle-image",
    description = "Bundle an image file or block device: tar, gzip, encrypt, split, sign.")
final class BundleImageCommand implements Callable<Integer> {

  /** EC2's limit for instance-store root volumes; larger images get a warning, not a refusal. */
  private static final long EC2_IMAGE_LIMIT = 10L << 30;

  private final Terminal terminal;

  @Mixin CommonOptions common;

  @Mixin BundleOptions bundle;

  @Option(
      names = {"-i", "--image"},
      required = true,
      paramLabel = "PATH",
      description = "Image file or block device; '-' reads standard input (needs --prefix and --image-size).")
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

  BundleImageCommand(Terminal terminal) {
    this.terminal = terminal;
  }

  @Override
  public Integer call() throws Exception {
    if (common.manual()) {
      return Manual.print(terminal, "bundle-image");
    }
    ImageSource source = source();
    BundleRequest.Builder builder =
        BundleRequests.builder(bundle, common, terminal, source).holes(holes);
    if (prefix != null) {
      builder.name(prefix);
    }
    BundleRequest request = builder.build();
    bundleAndReport(terminal, request, image, bundle.noSizeChecks());
    return ExitCodes.OK;
  }

  /** Bundles, printing what ec2-bundle-image prints; bundle-vol ends the same way. */
  static void bundleAndReport(
      Terminal terminal, BundleRequest request, String image, boolean noSizeChecks)
      throws IOException {
    terminal.out().println("Bundling image file " + image + "...");
    BundleResult result = new Bundler().bundle(request);
    result.partFiles().forEach(p -> terminal.out().println("Created " + p.getFileName()));
    long size = result.manifest().image().size();
    if (size > EC2_IMAGE_LIMIT && !noSizeChecks) {
      terminal.warn(
          "the image is "
              + size
              + " bytes; EC2 boots instance-store images of up to 10 GiB. Use an EBS-backed AMI"
              + " for larger root volumes (amibundle convert).");
    }
    terminal.out().println("Bundle manifest is " + result.manifestFile());
    terminal.out().println(ToolName.current() + " complete.");
  }

  private ImageSource source() throws UsageException {
    if (image.equals("-")) {
      if (prefix == null || imageSize == null) {
        throw new UsageException("reading the image from standard input needs --prefix and --image-size");
      }
      return ImageSource.stream(terminal.in(), imageSize);
    }
    Path path = Path.of(image);
    if (Files.isDirectory(path)) {
      throw new UsageException(
          "--image " + image + " is a directory: give an image file or block device");
    }
    return ImageSource.file(path);
  }
}
