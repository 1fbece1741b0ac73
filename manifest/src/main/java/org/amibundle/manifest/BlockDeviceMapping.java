package org.amibundle.manifest;

import java.util.Objects;

/**
 * One {@code block_device_mapping/mapping}: a virtual name ({@code ami}, {@code root}, {@code
 * swap}, {@code ephemeralN}) and the device it maps to ({@code sda1}, {@code /dev/sda1}).
 */
public record BlockDeviceMapping(String virtualName, String device) {

  public BlockDeviceMapping {
    Objects.requireNonNull(virtualName, "virtual name");
    Objects.requireNonNull(device, "device");
  }
}
