package org.amibundle.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
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
    ExternalTool.bash(
        work, "xz -dc '" + TestData.root().resolve("reference/gptdisk.img.xz") + "' > gptdisk.img");
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
  void json_listsTheProblems_noneOnASoundDisk() throws IOException {
    JsonNode sound = CliRun.of("partition", "verify", disk.toString(), "--json").json();
    assertEquals(disk.toString(), sound.get("disk").asText());
    assertEquals(0, sound.get("problems").size());

    try (RandomAccessFile file = new RandomAccessFile(disk.toFile(), "rw")) {
      file.seek(512 + 24);
      file.write(0x7f);
    }
    String[] lines = CliRun.of("partition", "verify", disk.toString()).out().split("\n");
    CliRun damaged = CliRun.of("partition", "verify", disk.toString(), "--json");
    assertEquals(254, damaged.exitCode(), damaged.toString());
    JsonNode problems = damaged.json().get("problems");
    assertEquals(lines.length, problems.size(), damaged.toString());
    for (int i = 0; i < lines.length; i++) {
      assertEquals(lines[i], problems.get(i).asText());
    }
  }

  @Test
  void diskWithNoTable_exits254_andAMissingOne_exits2() throws IOException {
    Path blank = Files.write(work.resolve("blank.img"), new byte[1 << 20]);
    assertEquals(254, CliRun.of("partition", "verify", blank.toString()).exitCode());
    assertEquals(
        2, CliRun.of("partition", "verify", work.resolve("absent.img").toString()).exitCode());
  }
}
