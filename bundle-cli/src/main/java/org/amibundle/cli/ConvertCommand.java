package org.amibundle.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.amibundle.UsageException;
import org.amibundle.bundle.SignatureCheck;
import org.amibundle.bundle.convert.ConvertRequest;
import org.amibundle.bundle.convert.ConvertResult;
import org.amibundle.bundle.convert.Converter;
import org.amibundle.cli.options.BundleKeyOption;
import org.amibundle.cli.options.CommonOptions;
import org.amibundle.cli.options.ManifestSourceOption;
import org.amibundle.cli.options.SignatureOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code convert}: an instance-store bundle (in a directory or S3) becomes an EBS volume or a disk
 * image file in one pass, fitted to the target, with the AWS CLI steps that turn it into an AMI.
 */
@Command(
    name = "convert",
    description = {
      "Write a bundle's image onto an EBS volume or disk image file in one pass, verified,"
          + " and fit it to the target.",
      "",
      "--json prints {target, device, image, image_size, target_size, data_bytes, hole_bytes,"
          + " partition_table, grown_partition, filesystem_grown, signature_verified, notes,"
          + " steps: [{what, commands}]}."
    })
final class ConvertCommand implements Callable<Integer> {

  private static final Pattern SIZE = Pattern.compile("(\\d+)([KMGT]?)(?:I?B)?");

  private final Terminal terminal;

  @Mixin CommonOptions common;

  @Mixin ManifestSourceOption manifest;

  @Mixin BundleKeyOption privateKey;

  @Mixin SignatureOptions signature;

  @Mixin BundleSourceOptions where;

  @Option(
      names = "--to",
      required = true,
      paramLabel = "DEVICE|FILE",
      description = "The block device (an attached EBS volume) or disk image file to write.")
  Path target;

  @Option(
      names = "--size",
      paramLabel = "BYTES[K|M|G|T]",
      description = "Size of a new disk image file (default: the image's); not for devices.")
  String size;

  @Option(
      names = "--grow",
      description =
          "Grow the last partition (GPT or MBR) and its ext2/3/4 filesystem to fill the target.")
  boolean grow;

  @Option(
      names = "--force",
      description =
          "Write over a target that is not empty (never one that is mounted or too small).")
  boolean force;

  ConvertCommand(Terminal terminal) {
    this.terminal = terminal;
  }

  @Override
  public Integer call() throws Exception {
    if (common.manual()) {
      return Manual.print(terminal, common.command());
    }
    PrivateKey key = privateKey.read();
    SignatureCheck check = signature.check();
    try (BundleSourceOptions.Opened bundle = where.open(manifest.value(), terminal)) {
      ConvertRequest request =
          new ConvertRequest(
              bundle.manifest(),
              bundle.parts(),
              key,
              check,
              target,
              parseSize(size),
              grow,
              force,
              ProgressPrinter.of(terminal, common.batch()));
      ConvertResult result = new Converter().convert(request);
      ConvertReport report = new ConvertReport(terminal.out(), bundle.manifest().manifest());
      report.print(result);
      terminal.json(json -> json(json, result, report.steps(result)));
    }
    return ExitCodes.OK;
  }

  private static void json(JsonGenerator json, ConvertResult r, List<ConvertReport.Step> steps)
      throws IOException {
    json.writeStringField("target", r.target().toString());
    json.writeBooleanField("device", r.device());
    json.writeStringField("image", r.imageName());
    json.writeNumberField("image_size", r.imageSize());
    json.writeNumberField("target_size", r.targetSize());
    json.writeNumberField("data_bytes", r.dataBytes());
    json.writeNumberField("hole_bytes", r.holeBytes());
    json.writeStringField("partition_table", r.partitionTable().orElse(null));
    if (r.grownPartition().isPresent()) {
      json.writeNumberField("grown_partition", r.grownPartition().getAsInt());
    } else {
      json.writeNullField("grown_partition");
    }
    json.writeBooleanField("filesystem_grown", r.filesystemGrown());
    json.writeBooleanField("signature_verified", r.signatureVerified());
    json.writeArrayFieldStart("notes");
    for (String note : r.notes()) {
      json.writeString(SettingFlags.rendered(note));
    }
    json.writeEndArray();
    json.writeArrayFieldStart("steps");
    for (ConvertReport.Step step : steps) {
      json.writeStartObject();
      json.writeStringField("what", step.what());
      json.writeArrayFieldStart("commands");
      for (String command : step.commands()) {
        json.writeString(command);
      }
      json.writeEndArray();
      json.writeEndObject();
    }
    json.writeEndArray();
  }

  /** {@code 8G}, {@code 8192M}, {@code 8GiB} or plain bytes; binary multiples. */
  static OptionalLong parseSize(String text) throws UsageException {
    if (text == null) {
      return OptionalLong.empty();
    }
    Matcher m = SIZE.matcher(text.toUpperCase(Locale.ROOT));
    if (!m.matches()) {
      throw new UsageException("--size must be bytes or a number with K, M, G or T, got " + text);
    }
    int shift =
        switch (m.group(2)) {
          case "K" -> 10;
          case "M" -> 20;
          case "G" -> 30;
          case "T" -> 40;
          default -> 0;
        };
    try {
      return OptionalLong.of(Math.multiplyExact(Long.parseLong(m.group(1)), 1L << shift));
    } catch (ArithmeticException | NumberFormatException e) {
      throw new UsageException("--size " + text + " is too large");
    }
  }
}
