package org.amibundle.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.util.concurrent.Callable;
import org.amibundle.Printable;
import org.amibundle.UsageException;
import org.amibundle.bundle.ImageTarget;
import org.amibundle.bundle.PartSource;
import org.amibundle.bundle.UnbundleRequest;
import org.amibundle.bundle.UnbundleResult;
import org.amibundle.bundle.Unbundler;
import org.amibundle.cli.options.BundleKeyOption;
import org.amibundle.cli.options.CommonOptions;
import org.amibundle.cli.options.ImageOutputOptions;
import org.amibundle.cli.options.ManifestFileOption;
import org.amibundle.cli.options.SignatureOptions;
import org.amibundle.manifest.ManifestDocument;
import org.amibundle.manifest.ManifestReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code unbundle} / ec2-unbundle: a bundle becomes its image again, every part verified. */
@Command(
    name = "unbundle",
    description = {
      "Restore the image of a bundle: check every part, decrypt, gunzip, untar, check the digest.",
      "",
      UnbundleCommand.JSON_FIELDS
    })
final class UnbundleCommand implements Callable<Integer> {

  private final Terminal terminal;

  @Mixin CommonOptions common;

  @Mixin BundleKeyOption privateKey;

  @Mixin ManifestFileOption manifest;

  @Option(
      names = {"-s", "--source"},
      paramLabel = "DIR",
      defaultValue = ".",
      description = "Directory holding the parts (default: the current directory).")
  Path source;

  @Mixin ImageOutputOptions output;

  @Mixin SignatureOptions signature;

  @Option(
      names = "--stream",
      description =
          "Read the parts back to back from standard input and write the image to standard output.")
  boolean stream;

  UnbundleCommand(Terminal terminal) {
    this.terminal = terminal;
  }

  @Override
  public Integer call() throws Exception {
    if (common.manual()) {
      return Manual.print(terminal, common.command());
    }
    if (stream && output.given()) {
      throw new UsageException("--stream writes to standard output: drop --destination/--output");
    }
    if (stream && terminal.json()) {
      throw new UsageException("--stream writes the image to standard output: drop --json");
    }
    PrivateKey key = privateKey.read();
    ManifestDocument document = ManifestReader.read(manifest.path());
    UnbundleRequest request =
        new UnbundleRequest(
            document,
            stream ? PartSource.concatenated(terminal.in()) : PartSource.directory(source),
            key,
            signature.check(),
            stream ? ImageTarget.stream(terminal.stdout()) : output.target(),
            ProgressPrinter.of(terminal, common.batch()));
    UnbundleResult result = new Unbundler().unbundle(request);
    report(result, stream ? terminal.notes() : terminal.out(), terminal.notes());
    terminal.json(json -> json(json, result, document));
    return ExitCodes.OK;
  }

  /** What unbundle and download-and-unbundle print with --json. */
  static final String JSON_FIELDS =
      "--json prints {image (the file written), name, size, digest (SHA-1 of the image's tar"
          + " stream), parts, checks_passed: [signature (when it was checked), parts, image"
          + " digest, image size]}.";

  /**
   * What an unbundle command prints when done: notes on {@code notes}, the rest on {@code
   * messages}.
   */
  static void report(UnbundleResult result, PrintStream messages, PrintStream notes) {
    if (result.signatureVerified()) {
      messages.println("Manifest signature verified.");
    }
    result.notes().forEach(note -> notes.println("NOTE: " + SettingFlags.rendered(note)));
    result.image().ifPresent(path -> messages.println("Wrote " + Printable.of(path)));
    messages.println("Unbundle complete.");
  }

  /** The JSON fields of an unbundle's result: {@link #JSON_FIELDS}. */
  static void json(JsonGenerator json, UnbundleResult result, ManifestDocument manifest)
      throws IOException {
    json.writeStringField("image", result.image().map(Path::toString).orElse(null));
    json.writeStringField("name", result.name());
    json.writeNumberField("size", result.size());
    json.writeStringField("digest", result.digest());
    json.writeNumberField("parts", manifest.manifest().image().parts().size());
    json.writeArrayFieldStart("checks_passed");
    if (result.signatureVerified()) {
      json.writeString("signature");
    }
    json.writeString("parts");
    json.writeString("image digest");
    json.writeString("image size");
    json.writeEndArray();
  }
}
