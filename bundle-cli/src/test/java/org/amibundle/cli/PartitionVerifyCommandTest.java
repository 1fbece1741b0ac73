package org.amibundle.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.amibundle.testing.ExternalTool;
import org.amibundle.testing.TestData;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code partition verify} on the GPT disk ec2-bundle-vol's layout made, sound and damaged. */
class PartitionVerifyCommandTest {

  @TempDir Path work;
  private Path disk;

  @BeforeEach
  void unpackTheReferenceDisk() {
    disk = work.resolve("gptdisk.img");
    ExternalTool.bash(work, "xz -dc '" + TestData.root().resolve("reference/gptdisk.img.xz") + "' > gptdisk.img");
  }

  @Test
  void soundGpt_exits0() {
    CliRun run = CliRun.of("partition", "verify", disk.toString());
    assertEquals(0, run.exitCode(), run.toString());
    assertTrue(run.out().contains("no problems found"), run.out());
  }

  @Test
  void damagedPrimaryHeader_isReported_exit254() throws IOException {
    try (RandomAccessFile file = new RandomAccessFile(disk.toFile(), "rw")) {
      file.seek(512 + 24); // the primary header's "current LBA" field
      file.write(0x7f);
    }
    CliRun run = CliRun.of("partition", "verify", disk.toString());
    assertEquals(254, run.exitCode(), run.toString());
    assertTrue(run.out().toLowerCase().contains("crc"), run.out());
  }

  @Test
  void diskWithNoTable_exits254_andAMissingOne_exits2() throws IOException {
    Path blank = Files.write(work.resolve("blank.img"), new byte[1 << 20]);
    assertEquals(254, CliRun.of("partition", "verify", blank.toString()).exitCode());
    assertEquals(2, CliRun.of("partition", "verify", work.resolve("absent.img").toString()).exitCode());
  }
}
