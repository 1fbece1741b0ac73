package org.amibundle.bundle;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.amibundle.partition.PartitionTable;
import org.amibundle.partition.PartitionTables;
import org.amibundle.testing.ExternalTool;

/**
 * Disk images made by the real tools for the convert tests: a GPT as ec2-bundle-vol lays it out
 * (sgdisk) or an MBR (sfdisk), partition 1 an ext4 filesystem (mke2fs -d) holding known files.
 */
public final class DiskImages {

  public static final long MIB = 1 << 20;
  public static final String HELLO = "hello from the bundle\n";

  private DiskImages() {}

  /** A folder with {@code hello.txt} and a 300 KiB {@code data.bin} of seeded random bytes. */
  public static Path content(Path dir) throws IOException {
    Path content = Files.createDirectories(dir.resolve("content"));
    Files.writeString(content.resolve("hello.txt"), HELLO);
    byte[] data = new byte[300 * 1024];
    new Random(5).nextBytes(data);
    Files.write(content.resolve("data.bin"), data);
    return content;
  }

  public static byte[] dataBin() {
    byte[] data = new byte[300 * 1024];
    new Random(5).nextBytes(data);
    return data;
  }

  /** BIOS boot partition 128 at 1 MiB, partition 1 (8300) from 2 MiB to the end, ext4 on it. */
  public static Path gpt(Path dir, String name, long size) throws IOException {
    Path image = sparse(dir, name, size);
    ExternalTool.run(
            dir,
            "sgdisk",
            "--new",
            "128:1M:+1M",
            "--typecode",
            "128:ef02",
            "--largest-new=1",
            "--typecode",
            "1:8300",
            image.toString())
        .orFail();
    return withExt4(dir, image);
  }

  /** One bootable primary partition (83) from LBA 2048 to the end, ext4 on it. */
  public static Path mbr(Path dir, String name, long size) throws IOException {
    Path image = sparse(dir, name, size);
    byte[] script =
        "label: dos\nstart=2048, type=83, bootable\n".getBytes(StandardCharsets.US_ASCII);
    ExternalTool.run(dir, script, List.of("sfdisk", "-q", image.toString())).orFail();
    return withExt4(dir, image);
  }

  public static Path sparse(Path dir, String name, long size) {
    Path image = dir.resolve(name);
    ExternalTool.run(dir, "truncate", "-s", Long.toString(size), image.toString()).orFail();
    return image;
  }

  public static Path withExt4(Path dir, Path image) throws IOException {
    long offset = offset(image, 1);
    ExternalTool.run(
            dir,
            "mke2fs",
            "-q",
            "-F",
            "-t",
            "ext4",
            "-d",
            content(dir).toString(),
            "-E",
            "offset=" + offset,
            image.toString(),
            (partitionBytes(image, 1) / 1024) + "k")
        .orFail();
    return image;
  }

  public static PartitionTable table(Path disk) throws IOException {
    try (FileChannel channel = FileChannel.open(disk, StandardOpenOption.READ)) {
      return PartitionTables.read(channel, channel.size(), 512);
    }
  }

  /** Byte offset of a partition, from sfdisk's dump. */
  public static long offset(Path disk, int number) {
    return dumped(disk, number, 1) * 512;
  }

  public static long partitionBytes(Path disk, int number) {
    return dumped(disk, number, 2) * 512;
  }

  private static long dumped(Path disk, int number, int group) {
    String dump = ExternalTool.run(null, "sfdisk", "--dump", disk.toString()).orFail().stdoutText();
    Matcher m =
        Pattern.compile(
                "(?m)^"
                    + Pattern.quote(disk.toString())
                    + "p?"
                    + number
                    + " : start=\\s*(\\d+), size=\\s*(\\d+)")
            .matcher(dump);
    if (!m.find()) {
      throw new AssertionError("no partition " + number + " in " + dump);
    }
    return Long.parseLong(m.group(group));
  }

  /** {@code NAME?offset=N}: e2fsprogs' way to reach a filesystem inside a disk. */
  public static String at(Path disk, long offset) {
    return disk + "?offset=" + offset;
  }

  public static String cat(Path disk, long offset, String file) {
    return ExternalTool.run(null, "debugfs", "-R", "cat /" + file, at(disk, offset))
        .orFail()
        .stdoutText();
  }

  public static byte[] catBytes(Path disk, long offset, String file) {
    return ExternalTool.run(null, "debugfs", "-R", "cat /" + file, at(disk, offset))
        .orFail()
        .stdout();
  }

  /** Filesystem bytes: block count × block size, from dumpe2fs -h. */
  public static long filesystemBytes(Path disk, long offset) {
    String header =
        ExternalTool.run(null, "dumpe2fs", "-h", at(disk, offset)).orFail().stdoutText();
    return field(header, "Block count") * field(header, "Block size");
  }

  private static long field(String header, String name) {
    Matcher m = Pattern.compile("(?m)^" + name + ":\\s+(\\d+)").matcher(header);
    if (!m.find()) {
      throw new AssertionError("no " + name + " in " + header);
    }
    return Long.parseLong(m.group(1));
  }

  /** e2fsck -fn's exit code and output: 0 when the filesystem is clean. */
  public static ExternalTool.Result fsck(Path disk, long offset) {
    return ExternalTool.run(null, "e2fsck", "-fn", at(disk, offset));
  }

  public static String sgdiskVerify(Path disk) {
    return ExternalTool.run(null, "sgdisk", "-v", disk.toString()).stdoutText();
  }
}
