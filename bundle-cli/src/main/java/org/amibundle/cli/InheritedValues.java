package org.amibundle.cli;

import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.amibundle.UsageException;
import org.amibundle.bundle.BundleRequest;
import org.amibundle.bundle.volume.InstanceMetadata;
import org.amibundle.cli.options.BundleOptions;

/**
 * bundle-vol's {@code --inherit}: what the instance metadata says, for every value the command line
 * does not give. Off EC2 it says so and goes on (the reference stops with exit 12).
 */
final class InheritedValues {

  private final Terminal terminal;
  private final BundleOptions options;

  InheritedValues(Terminal terminal, BundleOptions options) {
    this.terminal = terminal;
    this.options = options;
  }

  void apply(InstanceMetadata metadata, BundleRequest.Builder builder)
      throws InterruptedException, UsageException {
    Optional<InstanceMetadata.Inherited> read =
        metadata.read(
            field -> terminal.out().println("Unable to read instance meta-data for " + field));
    if (read.isEmpty()) {
      terminal
          .out()
          .println(
              "Not on EC2: the instance metadata service does not answer, so nothing"
                  + " is inherited (--no-inherit skips asking).");
      return;
    }
    InstanceMetadata.Inherited inherited = read.get();
    if (options.kernel().isEmpty()) {
      inherited.kernelId().ifPresent(builder::kernelId);
    }
    if (options.ramdisk().isEmpty()) {
      inherited.ramdiskId().ifPresent(builder::ramdiskId);
    }
    if (options.productCodes().isEmpty()) {
      inherited.productCodes().forEach(builder::productCode);
    }
    Set<String> given =
        BundleRequests.blockDeviceMappings(options.blockDeviceMappings()).stream()
            .map(pair -> pair[0])
            .collect(Collectors.toSet());
    inherited.blockDeviceMappings().stream()
        .filter(m -> !given.contains(m.virtualName()))
        .forEach(m -> builder.blockDeviceMapping(m.virtualName(), m.device()));
    inherited.ancestorAmiIds().forEach(builder::ancestorAmiId);
  }
}
