package org.amibundle.bundle.tar;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Random;
import org.amibundle.bundle.HoleDetection;
import org.amibundle.testing.ExternalTool;

/** Sparse image files for tests, and the two ways of making their tar stream. */
final class TestImages {

  static final long MTIME = 1_700_000_000L;

  private TestImages() {}

  /**
   * Creates {@code dir/name} of {@code size} bytes holding random non-zero bytes in {@code data}
   * and holes elsewhere, mode 0600 and mtime {@link #MTIME}.
   */
  static Path create(Path dir, String name, long size, List<Extent> data) throws IOException {
    Path file = dir.resolve(name);
    Random random = new Random(name.hashCode() ^ size);
    try (RandomAccessFile out = new RandomAccessFile(file.toFile(), "rw")) {
      out.setLength(size);
      for (Extent extent : data) {
        out.seek(extent.offset());
        out.write(nonZeroBytes(random, (int) extent.length()));
      }
    }
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    Files.setLastModifiedTime(file, FileTime.fromMillis(MTIME * 1000));
    return file;
  }

  static byte[] nonZeroBytes(Random random, int length) {
    byte[] bytes = new byte[length];
    for (int i = 0; i < length; i++) {
      bytes[i] = (byte) (1 + random.nextInt(255));
    }
    return bytes;
  }

  /** What the reference bundler gets: GNU tar's stream for {@code dir/name}. */
  static byte[] gnuTar(Path dir, String name, String... formatOptions) {
    List<String> command =
        new java.util.ArrayList<>(List.of("tar", "-c", "-h", "-S", "--owner", "0", "--group", "0"));
    command.addAll(List.of(formatOptions));
    command.addAll(List.of("-f", "-", name));
    return ExternalTool.run(dir, null, command).orFail().stdout();
  }

  /** Our stream for {@code file}, with AUTO hole detection and the file's mode and mtime. */
  static byte[] ourTar(Path file) throws IOException {
    DataLayout layout = HoleScanner.scan(file, HoleDetection.AUTO);
    int mode = (Integer) Files.getAttribute(file, "unix:mode") & 07777;
    long mtime = Files.getLastModifiedTime(file).toMillis() / 1000;
    TarEntryInfo entry = new TarEntryInfo(file.getFileName().toString(), mode, mtime);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (FileChannel channel = FileChannel.open(file)) {
      long written = ImageTarWriter.write(entry, layout, channel, out);
      if (written != out.size()) {
        throw new AssertionError("write returned " + written + ", wrote " + out.size());
      }
    }
    return out.toByteArray();
  }

  /** Allocated bytes of {@code file}, as {@code stat} reports them. */
  static long allocatedBytes(Path file) {
    String blocks =
        ExternalTool.run(file.getParent(), "stat", "-c", "%b", file.toString())
            .orFail()
            .stdoutText()
            .trim();
    return Long.parseLong(blocks) * 512;
  }
}
