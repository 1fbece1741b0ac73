package org.amibundle.bundle.volume;

import static org.amibundle.testing.ExternalTool.bash;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Optional;
import org.amibundle.partition.PartitionTables;
import org.amibundle.testing.ExternalTool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The boot loader of a partitioned source disk (here disk image files partitioned by sgdisk and
 * sfdisk, with random bytes standing in for GRUB's boot.img and core.img) lands where the image
 * needs it, and what cannot be carried is said in one line.
 */
class BootCarrierTest {

  private static final long SIZE = 64L << 20;

  @TempDir Path work;

  @Test
  void gptSource_bootCodeAndBiosBootPartitionAreCarried() throws IOException {
    Path source = work.resolve("source.img");
    bash(
        work,
        "truncate -s 64M source.img && sgdisk -n 128:2048:4095 -t 128:ef02 -n 1:4096:0"
            + " -t 1:8300 source.img >/dev/null && head -c 440 /dev/urandom | dd of=source.img"
            + " conv=notrunc 2>/dev/null && head -c 1048576 /dev/urandom | dd of=source.img bs=512"
            + " seek=2048 conv=notrunc 2>/dev/null");
    Path image = work.resolve("image");

    Optional<String> warning = carry(source, 1, Partitioning.GPT, image);

    assertEquals(Optional.empty(), warning);
    assertArrayEquals(bytes(source, 0, 440), bytes(image, 0, 440));
    assertArrayEquals(bytes(source, 2048 * 512, 1 << 20), bytes(image, 2048 * 512, 1 << 20));
    String verify = ExternalTool.run(null, "sgdisk", "-v", image.toString()).orFail().stdoutText();
    assertTrue(verify.contains("No problems found"), verify);
  }

  @Test
  void mbrSource_partitionStartsWhereTheSourcesDid_andTheGapIsCarried() throws IOException {
    Path source = work.resolve("source.img");
    bash(
        work,
        "truncate -s 64M source.img && echo 'start=2048, type=83, bootable' | sfdisk -q"
            + " source.img && head -c 440 /dev/urandom | dd of=source.img conv=notrunc 2>/dev/null"
            + " && head -c "
            + 2047 * 512
            + " /dev/urandom | dd of=source.img bs=512 seek=1"
            + " conv=notrunc 2>/dev/null");
    Path image = work.resolve("image");

    Optional<String> warning = carry(source, 2, Partitioning.MBR, image);

    assertTrue(warning.orElseThrow().contains("set up for partition 2"), warning.get());
    assertArrayEquals(bytes(source, 0, 440), bytes(image, 0, 440));
    assertArrayEquals(bytes(source, 512, 2047 * 512), bytes(image, 512, 2047 * 512));
    String json =
        ExternalTool.run(null, "sfdisk", "--json", image.toString()).orFail().stdoutText();
    assertTrue(json.replaceAll("\\s", "").contains("\"start\":2048,"), json);
  }

  @Test
  void schemesDiffer_saysWhichToUse_andCarriesNothing() throws IOException {
    Path source = work.resolve("source.img");
    bash(
        work,
        "truncate -s 64M source.img && echo 'start=2048, type=83' | sfdisk -q source.img"
            + " && head -c 440 /dev/urandom | dd of=source.img conv=notrunc 2>/dev/null");
    Path image = work.resolve("image");

    Optional<String> warning = carry(source, 1, Partitioning.GPT, image);

    assertTrue(warning.orElseThrow().contains("use the partition setting mbr"), warning.get());
    assertArrayEquals(new byte[440], bytes(image, 0, 440));
  }

  private static Optional<String> carry(Path source, int partition, Partitioning kind, Path image)
      throws IOException {
    SourceDisk disk;
    try (FileChannel channel = FileChannel.open(source, StandardOpenOption.READ)) {
      disk = new SourceDisk(source, partition, PartitionTables.read(channel, SIZE, 512), SIZE);
    }
    SourceDisk.Probe probe = new SourceDisk.Partitioned(disk);
    try (FileChannel channel =
        FileChannel.open(
            image,
            StandardOpenOption.CREATE_NEW,
            StandardOpenOption.READ,
            StandardOpenOption.WRITE)) {
      channel.truncate(0);
      channel.write(java.nio.ByteBuffer.allocate(1), SIZE - 1);
      return ImageLayout.of(kind, SIZE, probe).write(channel, SIZE, probe);
    }
  }

  private static byte[] bytes(Path file, long offset, int length) throws IOException {
    byte[] all = Files.readAllBytes(file);
    return Arrays.copyOfRange(all, (int) offset, (int) offset + length);
  }
}
