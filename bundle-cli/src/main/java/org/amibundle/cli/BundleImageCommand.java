package org.amibundle.cli;

import java.io.IOException;
import java.util.concurrent.Callable;
import org.amibundle.bundle.BundleRequest;
import org.amibundle.bundle.BundleResult;
import org.amibundle.bundle.Bundler;
import org.amibundle.cli.options.BundleOptions;
import org.amibundle.cli.options.CommonOptions;
import org.amibundle.cli.options.ImageInputOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code bundle-image} / ec2-bundle-image: an image file or block device becomes a bundle. */
@Command(
    name = "bundle-image",
    description = "Bundle an image file or block device: tar, gzip, encrypt, split, sign.")
final class BundleImageCommand implements Callable<Integer> {

  private final Terminal terminal;

  @Mixin CommonOptions common;

  @Mixin BundleOptions bundle;

  @Mixin ImageInputOptions input;

  BundleImageCommand(Terminal terminal) {
    this.terminal = terminal;
  }

  @Override
  public Integer call() throws Exception {
    if (common.manual()) {
      return Manual.print(terminal, common.command());
    }
    BundleRequest request = BundleRequests.request(bundle, input, common, terminal);
    bundleAndReport(terminal, request, input.image(), bundle);
    return ExitCodes.OK;
  }

  /** Bundles, printing what ec2-bundle-image prints; bundle-vol ends the same way. */
  static void bundleAndReport(
      Terminal terminal, BundleRequest request, String image, BundleOptions bundle)
      throws IOException {
    terminal.out().println("Bundling image file " + image + "...");
    BundleResult result = new Bundler().bundle(request);
    result.partFiles().forEach(p -> terminal.out().println("Created " + p.getFileName()));
    BundleRequests.warnIfTooLarge(result.manifest(), bundle, terminal);
    terminal.out().println("Bundle manifest is " + result.manifestFile());
    terminal.out().println(ToolName.current() + " complete.");
  }
}
