package org.amibundle.partition.gpt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.UUID;
import org.amibundle.partition.Disk;
import org.amibundle.partition.PartitionTables;
import org.amibundle.partition.SectorRun;
import org.amibundle.testing.ExternalTool;
import org.amibundle.testing.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Known answers: the GPT of testdata/reference/gptdisk.img.xz, made by sgdisk (see its README). */
class ReferenceImageTest {

  @TempDir Path dir;

  private Path image() {
    Path image = dir.resolve("gptdisk.img");
    ExternalTool.bash(
        dir, "xz -dc '" + TestData.root().resolve("reference/gptdisk.img.xz") + "' > gptdisk.img");
    return image;
  }

  @Test
  void referenceDisk_parsesAsTheRubyToolsLayout() throws Exception {
    try (FileChannel ch = FileChannel.open(image(), StandardOpenOption.READ)) {
      GptTable table = (GptTable) PartitionTables.read(ch, ch.size(), 512);
      assertEquals(UUID.fromString("8F1B3E5C-1111-4A2B-9C3D-000000000001"), table.diskGuid());
      assertEquals(65535, table.backupLba());
      assertEquals(34, table.firstUsableLba());
      assertEquals(65502, table.lastUsableLba());
      assertEquals(128, table.entryCount());
      assertEquals(
          List.of(
              new GptEntry(
                  1,
                  GptTypes.LINUX_FILESYSTEM,
                  UUID.fromString("8F1B3E5C-1111-4A2B-9C3D-000000000002"),
                  4096,
                  65502,
                  0,
                  "Linux"),
              new GptEntry(
                  128,
                  GptTypes.BIOS_BOOT,
                  UUID.fromString("8F1B3E5C-1111-4A2B-9C3D-000000000003"),
                  2048,
                  4095,
                  0,
                  "BIOS Boot Partition")),
          table.partitions());
      assertEquals(List.of(), table.verify());
    }
  }

  @Test
  void referenceDisk_reencodesToTheBytesSgdiskWrote() throws Exception {
    try (FileChannel ch = FileChannel.open(image(), StandardOpenOption.READ)) {
      Disk disk = new Disk(ch, ch.size(), 512);
      GptTable table = GptTable.read(disk).orElseThrow();
      for (SectorRun run : GptCodec.toBytes(table)) {
        byte[] onDisk = disk.read(run.lba(), run.bytes().length / 512);
        if (run.lba() == 0) {
          System.arraycopy(onDisk, 0, run.bytes(), 0, 440);
        }
        assertArrayEquals(onDisk, run.bytes(), "sector " + run.lba());
      }
    }
  }

  @Test
  void guid_isMixedEndian() {
    byte[] bytes = new byte[16];
    UUID guid = UUID.fromString("21686148-6449-6E6F-744E-656564454649");
    GptCodec.guidToBytes(guid, bytes, 0);
    assertEquals("Hah!IdontNeedEFI", new String(bytes, java.nio.charset.StandardCharsets.US_ASCII));
    assertEquals(guid, GptCodec.guidFromBytes(bytes, 0));
  }

  @Test
  void damagedPrimary_isReadFromTheBackupAndSaysSo() throws Exception {
    Path image = image();
    try (FileChannel ch =
        FileChannel.open(image, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      ch.write(java.nio.ByteBuffer.wrap(new byte[] {0x42}), 512 + 40); // first usable LBA
      GptTable table = (GptTable) PartitionTables.read(ch, ch.size(), 512);
      assertEquals(2, table.partitions().size());
      List<String> whats = table.verify().stream().map(p -> p.what()).toList();
      assertEquals(
          List.of("header CRC32", "primary GPT is damaged; the table was read from the backup"),
          whats,
          table.verify().toString());
    }
    assertEquals(true, Files.size(image) > 0);
  }
}
