package org.amibundle.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.amibundle.UsageException;
import org.amibundle.bundle.BundleCredentials;
import org.amibundle.bundle.BundleRequest;
import org.amibundle.bundle.ImageSource;
import org.amibundle.cli.options.BundleOptions;
import org.amibundle.cli.options.CommonOptions;
import org.amibundle.cli.options.ImageInputOptions;
import org.amibundle.manifest.Manifest;
import org.amibundle.manifest.keys.PemFiles;

/** Turns the shared bundling options into a {@link BundleRequest.Builder}: keys, arch, mappings. */
final class BundleRequests {

  private static final Set<String> EC2_ARCHITECTURES = Set.of("i386", "x86_64");
  private static final String EC2_CERT = "etc/ec2/amitools/cert-ec2.pem";

  /** EC2's limit for instance-store root volumes; larger images get a warning, not a refusal. */
  private static final long EC2_IMAGE_LIMIT = 10L << 30;

  private BundleRequests() {}

  /** The request the bundling options and the image options ask for. */
  static BundleRequest request(
      BundleOptions options, ImageInputOptions input, CommonOptions common, Terminal terminal)
      throws IOException {
    BundleRequest.Builder builder =
        builder(options, common, terminal, source(input, terminal)).holes(input.holes());
    input.prefix().ifPresent(builder::name);
    return builder.build();
  }

  private static ImageSource source(ImageInputOptions input, Terminal terminal)
      throws UsageException {
    if (input.image().equals("-")) {
      if (input.prefix().isEmpty() || input.imageSize().isEmpty()) {
        throw new UsageException(
            "reading the image from standard input needs --prefix and --image-size");
      }
      return ImageSource.stream(terminal.in(), input.imageSize().get());
    }
    Path path = Path.of(input.image());
    if (Files.isDirectory(path)) {
      throw new UsageException(
          "--image " + input.image() + " is a directory: give an image file or block device");
    }
    return ImageSource.file(path);
  }

  /** Warns about an image EC2 will not boot from instance store, unless --no-size-checks. */
  static void warnIfTooLarge(Manifest manifest, BundleOptions options, Terminal terminal) {
    long size = manifest.image().size();
    if (size > EC2_IMAGE_LIMIT && !options.noSizeChecks()) {
      terminal.warn(
          "the image is "
              + size
              + " bytes; EC2 boots instance-store images of up to 10 GiB. Use an EBS-backed AMI"
              + " for larger root volumes (amibundle convert).");
    }
  }

  static BundleRequest.Builder builder(
      BundleOptions options, CommonOptions common, Terminal terminal, ImageSource image)
      throws IOException {
    options.requireCredentials();
    BundleCredentials credentials =
        new BundleCredentials(
            PemFiles.readCertificate(options.cert()),
            PemFiles.readPrivateKey(options.privateKey()),
            PemFiles.readCertificate(ec2Certificate(options, terminal)));
    BundleRequest.Builder builder =
        BundleRequest.builder(image, options.destination(), credentials)
            .accountId(options.user())
            .architecture(architecture(options, common, terminal))
            .compressionLevel(options.compressLevel())
            .progress(ProgressPrinter.of(terminal, common.batch()));
    options.threads().ifPresent(builder::threads);
    options.kernel().ifPresent(builder::kernelId);
    options.ramdisk().ifPresent(builder::ramdiskId);
    options.productCodes().forEach(builder::productCode);
    List<String[]> mappings = blockDeviceMappings(options.blockDeviceMappings());
    mappings.forEach(m -> builder.blockDeviceMapping(m[0], m[1]));
    noteMissingRootMappings(mappings, terminal);
    return builder;
  }

  /** --ec2cert, else the certificate ec2-ami-tools ships, where its environment says it is. */
  static Path ec2Certificate(BundleOptions options, Terminal terminal) throws UsageException {
    if (options.ec2cert().isPresent()) {
      return options.ec2cert().get();
    }
    List<Path> candidates = new ArrayList<>();
    terminal
        .env("EC2_AMITOOL_HOME")
        .or(() -> terminal.env("EC2_HOME"))
        .ifPresent(home -> candidates.add(Path.of(home).resolve(EC2_CERT)));
    candidates.add(Path.of("/").resolve(EC2_CERT));
    return candidates.stream()
        .filter(Files::isRegularFile)
        .findFirst()
        .orElseThrow(
            () ->
                new UsageException(
                    "no EC2 certificate found (looked for "
                        + candidates
                        + "): pass --ec2cert PATH with EC2's cert-ec2.pem for your region"));
  }

  private static String architecture(BundleOptions options, CommonOptions common, Terminal terminal)
      throws UsageException {
    Optional<String> given = options.arch();
    String arch =
        given.orElseGet(
            () ->
                terminal.ask(
                    "Please specify a value for arch", detectedArchitecture(), common.batch()));
    if (!EC2_ARCHITECTURES.contains(arch)
        && !terminal.confirm(
            "WARNING: '" + arch + "' is not an architecture EC2 knows (i386, x86_64).",
            common.batch())) {
      throw new UsageException("cancelled: choose an architecture with --arch");
    }
    return arch;
  }

  private static String detectedArchitecture() {
    String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
    if (arch.equals("amd64") || arch.equals("x86_64")) {
      return "x86_64";
    }
    if (arch.matches("i\\d86|x86")) {
      return "i386";
    }
    return arch.equals("aarch64") ? "arm64" : arch;
  }

  /** {@code -B ami=sda1,root=/dev/sda1 -B swap=sda3}: pairs, in the order given. */
  static List<String[]> blockDeviceMappings(List<String> options) throws UsageException {
    List<String[]> pairs = new ArrayList<>();
    for (String option : options) {
      for (String pair : option.split(",")) {
        String[] parts = pair.split("=", -1);
        if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
          throw new UsageException(
              "invalid block device mapping '"
                  + pair.trim()
                  + "': give VIRTUAL=DEVICE pairs separated by commas, e.g."
                  + " ami=sda1,root=/dev/sda1");
        }
        pairs.add(new String[] {parts[0].trim(), parts[1].trim()});
      }
    }
    return pairs;
  }

  private static void noteMissingRootMappings(List<String[]> mappings, Terminal terminal) {
    if (mappings.isEmpty()) {
      return;
    }
    for (String virtual : List.of("ami", "root")) {
      if (mappings.stream().noneMatch(m -> m[0].equals(virtual))) {
        terminal.warn("no '" + virtual + "' block device mapping given; EC2 will use its default.");
      }
    }
  }
}
