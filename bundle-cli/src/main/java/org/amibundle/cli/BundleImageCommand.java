package org.amibundle.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.amibundle.bundle.BundleRequest;
import org.amibundle.bundle.BundleResult;
import org.amibundle.bundle.Bundler;
import org.amibundle.cli.options.BundleOptions;
import org.amibundle.cli.options.CommonOptions;
import org.amibundle.cli.options.ImageInputOptions;
import org.amibundle.manifest.ImageInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code bundle-image} / ec2-bundle-image: an image file or block device becomes a bundle. */
@Command(
    name = "bundle-image",
    description = {
      "Bundle an image file or block device: tar, gzip, encrypt, split, sign.",
      "",
      BundleImageCommand.JSON_FIELDS
    })
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

  /** What bundle-image and bundle-vol print with --json. */
  static final String JSON_FIELDS =
      "--json prints {manifest, image, image_size, bundled_size, digest (SHA-1 of the image's tar"
          + " stream), parts: [{file, size, sha1}], seconds}.";

  /** Bundles, printing what ec2-bundle-image prints; bundle-vol ends the same way. */
  static void bundleAndReport(
      Terminal terminal, BundleRequest request, String image, BundleOptions bundle)
      throws IOException {
    terminal.out().println("Bundling image file " + image + "...");
    long start = System.nanoTime();
    BundleResult result = new Bundler().bundle(request);
    double seconds = (System.nanoTime() - start) / 1e9;
    result.partFiles().forEach(p -> terminal.out().println("Created " + p.getFileName()));
    BundleRequests.warnIfTooLarge(result.manifest(), bundle, terminal);
    terminal.out().println("Bundle manifest is " + result.manifestFile());
    terminal.out().println(ToolName.current() + " complete.");
    terminal.json(json -> json(json, result, image, seconds));
  }

  private static void json(JsonGenerator json, BundleResult result, String image, double seconds)
      throws IOException {
    ImageInfo info = result.manifest().image();
    json.writeStringField("manifest", result.manifestFile().toString());
    json.writeStringField("image", image);
    json.writeNumberField("image_size", info.size());
    json.writeNumberField("bundled_size", info.bundledSize());
    json.writeStringField("digest", info.digest().hex());
    json.writeArrayFieldStart("parts");
    for (int i = 0; i < result.partFiles().size(); i++) {
      Path file = result.partFiles().get(i);
      json.writeStartObject();
      json.writeStringField("file", file.toString());
      json.writeNumberField("size", Files.size(file));
      json.writeStringField("sha1", info.parts().get(i).digest().hex());
      json.writeEndObject();
    }
    json.writeEndArray();
    json.writeNumberField("seconds", seconds);
  }
}
