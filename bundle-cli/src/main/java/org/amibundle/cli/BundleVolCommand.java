package org.amibundle.cli;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.amibundle.UsageException;
import org.amibundle.bundle.BundleRequest;
import org.amibundle.bundle.ImageSource;
import org.amibundle.bundle.volume.FstabChoice;
import org.amibundle.bundle.volume.InstanceMetadata;
import org.amibundle.bundle.volume.Partitioning;
import org.amibundle.bundle.volume.VolumeCloner;
import org.amibundle.bundle.volume.VolumeImage;
import org.amibundle.bundle.volume.VolumeProgress;
import org.amibundle.bundle.volume.VolumeRequest;
import org.amibundle.cli.options.BundleOptions;
import org.amibundle.cli.options.CommonOptions;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code bundle-vol} / ec2-bundle-vol: a directory tree (default {@code /}) becomes a disk image,
 * then a bundle. No root needed, except for {@code -S}.
 */
@Command(
    name = "bundle-vol",
    description = {
      "Copy a directory tree into a partitioned disk image and bundle it.",
      "",
      BundleImageCommand.JSON_FIELDS + " With --clone-only: {image}."
    })
final class BundleVolCommand implements Callable<Integer> {

  private final Terminal terminal;

  @Mixin CommonOptions common;

  @Mixin BundleOptions bundle;

  @Option(
      names = {"-p", "--prefix"},
      paramLabel = "PREFIX",
      defaultValue = VolumeRequest.DEFAULT_NAME,
      description = "Image file and bundle name (default: ${DEFAULT-VALUE}).")
  String prefix;

  @Option(
      names = {"-s", "--size"},
      paramLabel = "MB",
      description = "Image size in MiB (default: the selected files' size plus headroom).")
  Long size;

  @Option(
      names = {"-v", "--volume"},
      paramLabel = "PATH",
      defaultValue = "/",
      description = "Directory tree to copy (default: ${DEFAULT-VALUE}).")
  Path volume;

  @Option(
      names = {"-e", "--exclude"},
      paramLabel = "DIR1,DIR2",
      split = ",",
      description = "Paths (relative to the volume) left out.")
  List<String> excludes = new ArrayList<>();

  /** Words a shell glob after {@code -e} spilled over (see {@link SpilledExclusions}). */
  @Parameters(hidden = true)
  List<String> leftoverWords = new ArrayList<>();

  @Spec CommandSpec spec;

  @Option(
      names = {"-i", "--include"},
      paramLabel = "FILE1,FILE2",
      split = ",",
      description = "Paths (relative to the volume) copied even if excluded or filtered.")
  List<String> includes = new ArrayList<>();

  @Option(
      names = {"-a", "--all"},
      description = "Also copy mounts of non-local filesystems.")
  boolean all;

  @Option(
      names = "--no-filter",
      description = "Copy keys, histories and other sensitive files too.")
  boolean noFilter;

  @ArgGroup(exclusive = true)
  FstabOptions fstab;

  /** {@code --fstab FILE} or {@code --generate-fstab}, not both. */
  static final class FstabOptions {
    @Option(names = "--fstab", paramLabel = "PATH", description = "Use this file as /etc/fstab.")
    Path file;

    @Option(names = "--generate-fstab", description = "Write EC2's default /etc/fstab.")
    boolean generate;
  }

  @Option(names = "--grub-config", paramLabel = "PATH", hidden = true)
  Path grubConfig;

  @Option(
      names = {"-P", "--partition"},
      paramLabel = "TYPE",
      defaultValue = "auto",
      converter = PartitioningConverter.class,
      description = "none, mbr, gpt or auto: as the volume's disk (default: ${DEFAULT-VALUE}).")
  Partitioning partitioning;

  @Option(
      names = {"-S", "--script"},
      paramLabel = "PATH",
      description = "Run with the mounted image's path before it is finished (needs root).")
  Path script;

  @Option(
      names = "--inherit",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description =
          "Inherit kernel, ramdisk, product codes, mappings and ancestry from EC2"
              + " instance metadata (default: on).")
  boolean inherit;

  @Option(names = "--clone-only", description = "Make the image file only; no bundle.")
  boolean cloneOnly;

  BundleVolCommand(Terminal terminal) {
    this.terminal = terminal;
  }

  @Override
  public Integer call() throws Exception {
    if (common.manual()) {
      return Manual.print(terminal, common.command());
    }
    if (grubConfig != null) {
      throw new UsageException(
          "--grub-config is not supported: amibundle installs no GRUB legacy;"
              + " it carries the volume's own boot loader over");
    }
    List<String> spilled =
        SpilledExclusions.of(
            spec, spec.commandLine().getParseResult().originalArgs(), leftoverWords, volume);
    if (!spilled.isEmpty()) {
      terminal.warn(
          "also excluding "
              + String.join(", ", spilled)
              + ": the words after -e's value"
              + " (a shell glob's expansion); give several exclusions as one list, -e DIR1,DIR2.");
    }
    VolumeRequest request = volumeRequest(spilled);
    Path image = request.destination().resolve(request.name());
    BundleRequest.Builder bundleRequest =
        cloneOnly
            ? null
            : BundleRequests.builder(bundle, common, terminal, ImageSource.file(image))
                .name(prefix);
    if (bundleRequest != null && inherit && metadataDisabled()) {
      terminal
          .out()
          .println(
              "The instance metadata service is disabled"
                  + " (AWS_EC2_METADATA_DISABLED): nothing is inherited.");
    } else if (bundleRequest != null && inherit) {
      new InheritedValues(terminal, bundle).apply(metadata(), bundleRequest);
    }
    terminal.out().println("Copying " + request.volume() + " into the image file " + image + "...");
    VolumeImage made = new VolumeCloner().clone(request, progress());
    terminal.out().println("Image file created: " + made.image());
    terminal.out().println("Volume cloning done.");
    if (bundleRequest != null) {
      BundleImageCommand.bundleAndReport(
          terminal, bundleRequest.build(), made.image().toString(), bundle);
    } else {
      terminal.json(json -> json.writeStringField("image", made.image().toString()));
    }
    return ExitCodes.OK;
  }

  private VolumeRequest volumeRequest(List<String> spilled) {
    VolumeRequest.Builder builder =
        VolumeRequest.builder(volume, bundle.destination())
            .name(prefix)
            .filter(!noFilter)
            .allFilesystems(all)
            .partitioning(partitioning)
            .progress(ProgressPrinter.of(terminal, common.batch()));
    excludes.forEach(builder::exclude);
    spilled.forEach(builder::exclude);
    includes.forEach(builder::include);
    if (size != null) {
      builder.sizeMiB(size);
    }
    if (script != null) {
      builder.script(script);
    }
    if (fstab != null && fstab.generate) {
      builder.fstab(FstabChoice.generate(bundle.arch().filter("i386"::equals).isPresent()));
    } else if (fstab != null) {
      builder.fstab(FstabChoice.fromFile(fstab.file));
    }
    return builder.build();
  }

  /**
   * Whether AWS_EC2_METADATA_DISABLED says not to ask the metadata service, as the SDKs read it.
   */
  private boolean metadataDisabled() {
    return terminal.env("AWS_EC2_METADATA_DISABLED").filter("true"::equalsIgnoreCase).isPresent();
  }

  /** The metadata service: EC2's, or the one the AWS SDKs' environment variable names. */
  private InstanceMetadata metadata() {
    return new InstanceMetadata(
        terminal
            .env("AWS_EC2_METADATA_SERVICE_ENDPOINT")
            .map(URI::create)
            .orElse(InstanceMetadata.EC2_ENDPOINT));
  }

  private VolumeProgress progress() {
    return new VolumeProgress() {
      @Override
      public void excluding(List<String> paths) {
        terminal.out().println("Excluding: ");
        paths.forEach(p -> terminal.out().println("\t " + p));
      }

      @Override
      public void note(String message) {
        terminal.out().println(message);
      }

      @Override
      public void warning(String message) {
        terminal.warn(message);
      }

      @Override
      public void fstab(String content) {
        terminal.out().println("/etc/fstab:");
        terminal.out().print(content);
      }
    };
  }
}
