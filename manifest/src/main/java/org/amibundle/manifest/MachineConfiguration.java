package org.amibundle.manifest;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code machine_configuration} element. Block device mappings are kept sorted by virtual name
 * (plain byte-wise sort of the UTF-8 text, as Ruby sorts its map), which is also the order they are
 * written in; virtual names are unique. Lists are immutable copies.
 */
public record MachineConfiguration(
    String architecture,
    List<BlockDeviceMapping> blockDeviceMappings,
    Optional<String> kernelId,
    Optional<String> ramdiskId,
    List<String> productCodes) {

  private static final Comparator<BlockDeviceMapping> BY_VIRTUAL_NAME =
      (a, b) -> Arrays.compareUnsigned(utf8(a.virtualName()), utf8(b.virtualName()));

  public MachineConfiguration {
    Objects.requireNonNull(architecture, "architecture");
    Objects.requireNonNull(kernelId, "kernelId (use Optional.empty())");
    Objects.requireNonNull(ramdiskId, "ramdiskId (use Optional.empty())");
    blockDeviceMappings = blockDeviceMappings.stream().sorted(BY_VIRTUAL_NAME).toList();
    productCodes = List.copyOf(productCodes);
    Set<String> seen = new HashSet<>();
    for (BlockDeviceMapping mapping : blockDeviceMappings) {
      if (!seen.add(mapping.virtualName())) {
        throw new IllegalArgumentException(
            "block device mapping virtual names must be unique, got '"
                + mapping.virtualName()
                + "' twice");
      }
    }
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
