package org.amibundle.partition;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.amibundle.AmiBundleException;
import org.amibundle.testing.ExternalTool;

/** Image files for peer tests, and what sfdisk says about them. */
final class Images {

  /** One partition line of {@code sfdisk --dump}. */
  record Dumped(
      int number, long start, long size, String type, String uuid, String name, boolean bootable) {}

  private static final Pattern LINE =
      Pattern.compile(
          "^\\S*?(\\d+) : start=\\s*(\\d+), size=\\s*(\\d+), type=([0-9A-Fa-f-]+)(.*)$");

  private Images() {}

  static Path sparse(Path dir, String name, long bytes) {
    try {
      Path image = dir.resolve(name);
      try (FileChannel ch =
          FileChannel.open(image, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        ch.truncate(0);
      }
      ExternalTool.run(dir, "truncate", "-s", Long.toString(bytes), image.toString()).orFail();
      return image;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static PartitionTable read(Path image, int sectorSize) throws AmiBundleException {
    try (FileChannel ch = FileChannel.open(image, StandardOpenOption.READ)) {
      return PartitionTables.read(ch, ch.size(), sectorSize);
    } catch (AmiBundleException e) {
      throw e;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<Problem> verify(Path image, int sectorSize) throws AmiBundleException {
    try (FileChannel ch = FileChannel.open(image, StandardOpenOption.READ)) {
      return PartitionTables.verify(ch, ch.size(), sectorSize);
    } catch (AmiBundleException e) {
      throw e;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void write(Path image, PartitionTable table) throws AmiBundleException {
    try (FileChannel ch =
        FileChannel.open(image, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      PartitionTables.write(ch, ch.size(), table);
    } catch (AmiBundleException e) {
      throw e;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The partitions {@code sfdisk --dump} lists, in its order. */
  static List<Dumped> sfdiskDump(Path device) {
    String out =
        ExternalTool.run(device.getParent(), "sfdisk", "--dump", device.toString())
            .orFail()
            .stdoutText();
    List<Dumped> parts = new ArrayList<>();
    for (String line : out.split("\n")) {
      Matcher m = LINE.matcher(line.replace(device.toString(), "").replaceFirst("^p", ""));
      if (!m.matches()) {
        continue;
      }
      String rest = m.group(5);
      parts.add(
          new Dumped(
              Integer.parseInt(m.group(1)),
              Long.parseLong(m.group(2)),
              Long.parseLong(m.group(3)),
              m.group(4).toUpperCase(),
              field(rest, "uuid=([0-9A-Fa-f-]+)"),
              field(rest, "name=\"([^\"]*)\""),
              rest.contains("bootable")));
    }
    return parts;
  }

  private static String field(String rest, String regex) {
    Matcher m = Pattern.compile(regex).matcher(rest);
    return m.find() ? m.group(1) : null;
  }
}
