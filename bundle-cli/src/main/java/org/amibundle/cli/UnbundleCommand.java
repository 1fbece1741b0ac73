package org.amibundle.cli;

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
import org.amibundle.cli.options.CommonOptions;
import org.amibundle.cli.options.ImageOutputOptions;
import org.amibundle.manifest.ManifestReader;
import org.amibundle.manifest.keys.PemFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code unbundle} / ec2-unbundle: a bundle becomes its image again, every part verified. */
@Command(
    name = "unbundle",
    description =
        "Restore the image of a bundle: check every part, decrypt, gunzip, untar, check the digest.")
final class UnbundleCommand implements Callable<Integer> {

  private final Terminal terminal;

  @Mixin CommonOptions common;

  @Option(
      names = {"-k", "--privatekey"},
      required = true,
      paramLabel = "PATH",
      description = "PEM RSA private key that opens the bundle (the user's, or EC2's).")
  Path privateKey;

  @Option(
      names = {"-m", "--manifest"},
      required = true,
      paramLabel = "PATH",
      description = "The bundle's manifest file.")
  Path manifest;

  @Option(
      names = {"-s", "--source"},
      paramLabel = "DIR",
      defaultValue = ".",
      description = "Directory holding the parts (default: the current directory).")
  Path source;

  @Mixin ImageOutputOptions output;

  @Option(
      names = "--stream",
      description = "Read the parts back to back from standard input and write the image to standard output.")
  boolean stream;

  UnbundleCommand(Terminal terminal) {
    this.terminal = terminal;
  }

  @Override
  public Integer call() throws Exception {
    if (common.manual()) {
      return Manual.print(terminal, "unbundle");
    }
    if (stream && output.given()) {
      throw new UsageException("--stream writes to standard output: drop --destination/--output");
    }
    PrivateKey key = PemFiles.readPrivateKey(privateKey);
    UnbundleRequest request =
        new UnbundleRequest(
            ManifestReader.read(manifest),
            stream ? PartSource.concatenated(terminal.in()) : PartSource.directory(source),
            key,
            output.signatureKey(key),
            stream ? ImageTarget.stream(terminal.out()) : output.target());
    report(new Unbundler().unbundle(request), stream ? terminal.err() : terminal.out());
    return ExitCodes.OK;
  }

  /** What an unbundle command prints when it is done. */
  static void report(UnbundleResult result, PrintStream messages) {
    if (result.signatureVerified()) {
      messages.println("Manifest signature verified.");
    }
    result.image().ifPresent(path -> messages.println("Wrote " + Printable.of(path)));
    messages.println("Unbundle complete.");
  }
}
