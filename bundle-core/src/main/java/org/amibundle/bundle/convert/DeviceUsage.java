package org.amibundle.bundle.convert;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.amibundle.BadInputException;
import org.amibundle.LocalIoException;
import org.amibundle.Setting;

/**
 * Whether a target is in use, as Linux tells it: a block device or one of its partitions mounted
 * ({@code /proc/self/mountinfo}), held by device-mapper, LVM or RAID ({@code holders} in sysfs), or
 * used as swap; a file attached to a loop device.
 */
final class DeviceUsage {

  private static final Path MOUNTINFO = Path.of("/proc/self/mountinfo");
  private static final Path SWAPS = Path.of("/proc/swaps");
  private static final Path SYS_DEV_BLOCK = Path.of("/sys/dev/block");
  private static final Path SYS_BLOCK = Path.of("/sys/block");

  private DeviceUsage() {}

  /** Fails if the device, or any partition of it, is in use. */
  static void checkDevice(Path device) throws IOException {
    Map<String, String> ids = deviceAndPartitions(device);
    for (String line : lines(MOUNTINFO)) {
      String[] fields = line.split(" ");
      if (fields.length > 4 && ids.containsKey(fields[2])) {
        throw inUse(
            device,
            ids.get(fields[2]) + " is mounted on " + unescape(fields[4]),
            "unmount it first");
      }
    }
    for (Map.Entry<String, String> entry : ids.entrySet()) {
      Path holders = SYS_DEV_BLOCK.resolve(entry.getKey()).resolve("holders");
      List<String> names = list(holders);
      if (!names.isEmpty()) {
        throw inUse(
            device,
            entry.getValue()
                + " is held by "
                + String.join(", ", names)
                + " (device-mapper, LVM or RAID)",
            "release it first");
      }
    }
    for (String line : lines(SWAPS)) {
      String source = line.split("\\s+")[0];
      if (source.startsWith("/")
          && Files.exists(Path.of(source))
          && ids.containsKey(deviceId(Path.of(source)))) {
        throw inUse(device, source + " is used as swap", "swapoff it first");
      }
    }
  }

  /** Fails if the file backs a loop device. */
  static void checkFile(Path file) throws IOException {
    if (!Files.exists(file)) {
      return;
    }
    String real = file.toRealPath().toString();
    for (String loop : list(SYS_BLOCK)) {
      Path backing = SYS_BLOCK.resolve(loop).resolve("loop").resolve("backing_file");
      if (Files.isReadable(backing) && Files.readString(backing).strip().equals(real)) {
        throw inUse(file, "it is attached to /dev/" + loop, "detach it (losetup -d) first");
      }
    }
  }

  /** {@code major:minor} of the device and of each partition, with their names. */
  private static Map<String, String> deviceAndPartitions(Path device) throws IOException {
    Map<String, String> ids = new LinkedHashMap<>();
    String id = deviceId(device);
    ids.put(id, device.toString());
    Path sys = SYS_DEV_BLOCK.resolve(id);
    if (!Files.isDirectory(sys)) {
      return ids;
    }
    try (Stream<Path> children = Files.list(sys.toRealPath())) {
      for (Path child : children.toList()) {
        if (Files.exists(child.resolve("partition")) && Files.isReadable(child.resolve("dev"))) {
          ids.put(Files.readString(child.resolve("dev")).strip(), "/dev/" + child.getFileName());
        }
      }
    }
    return ids;
  }

  /** {@code major:minor} of a block device node, as glibc splits st_rdev. */
  private static String deviceId(Path device) throws IOException {
    long rdev = ((Number) Files.getAttribute(device, "unix:rdev")).longValue();
    long major = ((rdev >>> 8) & 0xFFFL) | ((rdev >>> 32) & 0xFFFFF000L);
    long minor = (rdev & 0xFFL) | ((rdev >>> 12) & 0xFFFFFF00L);
    return major + ":" + minor;
  }

  private static List<String> lines(Path file) throws LocalIoException {
    try {
      return Files.readAllLines(file);
    } catch (NoSuchFileException e) {
      return List.of();
    } catch (IOException e) {
      throw new LocalIoException(
          "could not read " + file + " to check the target is not in use: " + e.getMessage(), e);
    }
  }

  private static List<String> list(Path directory) throws IOException {
    if (!Files.isDirectory(directory)) {
      return List.of();
    }
    List<String> names = new ArrayList<>();
    try (Stream<Path> children = Files.list(directory)) {
      children.forEach(child -> names.add(child.getFileName().toString()));
    }
    return names;
  }

  /** Mount points in mountinfo escape space, tab, newline and backslash as octal. */
  private static String unescape(String field) {
    return field
        .replace("\\040", " ")
        .replace("\\011", "\t")
        .replace("\\012", "\n")
        .replace("\\134", "\\");
  }

  private static BadInputException inUse(Path target, String why, String whatToDo) {
    return new BadInputException(
        "target "
            + target
            + " is in use: "
            + why
            + "; "
            + whatToDo
            + " (convert never writes to a target in use, not even with "
            + Setting.FORCE
            + ")");
  }
}
