package org.amibundle.partition;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.amibundle.BadInputException;
import org.amibundle.partition.gpt.GptTable;
import org.amibundle.partition.mbr.MbrTable;
import org.amibundle.testing.ExternalTool;
import org.amibundle.testing.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tables we write, checked by sgdisk and sfdisk; tables sgdisk, sfdisk and parted write, read by
 * us.
 */
class PeerToolsTest {

  private static final long MIB = 1 << 20;

  @TempDir Path dir;

  @Test
  void ec2BundleVolGpt_passesSgdiskVerifyAndReadsBackIdentically() throws Exception {
    Path image = Images.sparse(dir, "gpt.img", 100 * MIB);
    GptTable table = Layouts.ec2BundleVolGpt(100 * MIB, new Random(1));
    Images.write(image, table);
    String verify = ExternalTool.run(dir, "sgdisk", "-v", image.toString()).orFail().stdoutText();
    assertTrue(verify.contains("No problems found"), verify);
    String print = ExternalTool.run(dir, "sgdisk", "-p", image.toString()).orFail().stdoutText();
    assertTrue(print.matches("(?s).*\\n\\s+1\\s+4096\\s+204766 .*8300\\s+Linux\\n.*"), print);
    assertTrue(
        print.matches("(?s).*\\n\\s+128\\s+2048\\s+4095 .*EF02\\s+BIOS Boot Partition\\n.*"),
        print);
    assertEquals(PeerConversions.dumped(table), PeerConversions.sorted(Images.sfdiskDump(image)));
    assertEquals(table, Images.read(image, 512));
  }

  @Test
  void ec2BundleVolMbr_isTheSectorSfdiskWrites() throws Exception {
    Path ours = Images.sparse(dir, "ours.img", 10240 * MIB);
    MbrTable table = Layouts.mbr(10240 * MIB, 63, new Random(2));
    Images.write(ours, table);
    Path theirs = Images.sparse(dir, "theirs.img", 10240 * MIB);
    ExternalTool.bash(
        dir,
        String.format(
            "printf 'label: dos\\n"
                + "label-id: 0x%08x\\n"
                + "start=63, type=83, bootable\\n"
                + "' | sfdisk -q theirs.img",
            table.diskSignature()));
    assertArrayEquals(sector0(theirs), sector0(ours));
    assertEquals(PeerConversions.dumped(table), Images.sfdiskDump(ours));
    assertEquals(table, Images.read(ours, 512));
    assertEquals(List.of(), Images.verify(ours, 512));
  }

  @Test
  void partedMbrAsRubyBundleVolMakesIt_parsesAsOurLayout() throws Exception {
    Path image = Images.sparse(dir, "parted.img", 64 * MIB);
    ExternalTool.run(
            dir,
            "parted",
            "--script",
            image.toString(),
            "--",
            "unit s mklabel msdos mkpart primary 63 -1s set 1 boot on print quit")
        .orFail();
    MbrTable table = (MbrTable) Images.read(image, 512);
    assertEquals(Layouts.mbr(64 * MIB, 63, new Random(3)).partitions(), table.partitions());
    assertEquals(List.of(), table.verify());
  }

  @Test
  void mbrChsFields_ofSfdiskAndParted_verify_andAWrongOneIsReported() throws Exception {
    Path parted = Images.sparse(dir, "parted-chs.img", 20480 * MIB);
    ExternalTool.run(
            dir,
            "parted",
            "--script",
            parted.toString(),
            "--",
            "unit s mklabel msdos mkpart primary 63 1000000 mkpart primary 1000001 -1s quit")
        .orFail();
    assertEquals(List.of(), Images.verify(parted, 512));
    Path sfdisk = Images.sparse(dir, "sfdisk-chs.img", 64 * MIB);
    ExternalTool.bash(dir, "echo 'start=2048, type=83' | sfdisk -q sfdisk-chs.img");
    assertEquals(List.of(), Images.verify(sfdisk, 512));
    ExternalTool.bash(
        dir, "printf '\\x07' | dd of=sfdisk-chs.img bs=1 seek=448 conv=notrunc 2>/dev/null");
    List<Problem> problems = Images.verify(sfdisk, 512);
    assertEquals(1, problems.size(), problems.toString());
    assertEquals(
        "partition 1: CHS address of the first sector: expected 0/32/33 for LBA 2048,"
            + " found 0/32/7",
        problems.get(0).toString());
  }

  @Test
  void sgdiskGptAsRubyBundleVolMakesIt_parsesAsOurLayout() throws Exception {
    Path image = Images.sparse(dir, "sgdisk.img", 64 * MIB);
    ExternalTool.run(
            dir,
            "sgdisk",
            "--new",
            "128:1M:+1M",
            "--change-name",
            "128:BIOS Boot Partition",
            "--typecode",
            "128:ef02",
            image.toString())
        .orFail();
    ExternalTool.run(
            dir,
            "sgdisk",
            "--largest-new=1",
            "--change-name",
            "1:Linux",
            "--typecode",
            "1:8300",
            image.toString())
        .orFail();
    GptTable table = (GptTable) Images.read(image, 512);
    GptTable ours = Layouts.ec2BundleVolGpt(64 * MIB, new Random(4));
    assertEquals(PeerConversions.sorted(Images.sfdiskDump(image)), PeerConversions.dumped(table));
    assertEquals(
        ours.partitions().stream()
            .map(e -> List.of(e.number(), e.firstLba(), e.lastLba(), e.type(), e.name()))
            .toList(),
        table.partitions().stream()
            .map(e -> List.of(e.number(), e.firstLba(), e.lastLba(), e.type(), e.name()))
            .toList());
    assertEquals(List.of(), table.verify());
  }

  @Test
  void sfdiskMbrWithLogicalPartitions_parsesIdentically() throws Exception {
    Path image = Images.sparse(dir, "logical.img", 64 * MIB);
    ExternalTool.bash(
        dir,
        "printf 'label: dos\\n"
            + "start=2048, size=1000, type=83, bootable\\n"
            + "start=4096, type=5\\n"
            + "start=6000, size=100, type=82\\n"
            + "start=8000, size=100\\n"
            + "start=20000\\n"
            + "' | sfdisk -q logical.img");
    PartitionTable table = Images.read(image, 512);
    assertEquals(PeerConversions.sorted(Images.sfdiskDump(image)), PeerConversions.dumped(table));
    assertEquals(List.of(), table.verify());
  }

  @Test
  void partedGptWithSeveralPartitions_parsesIdentically() throws Exception {
    Path image = Images.sparse(dir, "pgpt.img", 256 * MIB);
    ExternalTool.run(
            dir,
            "parted",
            "--script",
            image.toString(),
            "--",
            "unit s mklabel gpt",
            "mkpart esp fat32 2048 206847",
            "set 1 esp on",
            "mkpart swap linux-swap 206848 300000",
            "mkpart root ext4 300001 -34s")
        .orFail();
    PartitionTable table = Images.read(image, 512);
    assertEquals(PeerConversions.sorted(Images.sfdiskDump(image)), PeerConversions.dumped(table));
    assertEquals(List.of(), table.verify());
  }

  @Test
  void relocatedAndGrown_matchesSgdisk() throws Exception {
    Path grown = dir.resolve("grown.img");
    ExternalTool.bash(
        dir,
        "xz -dc '"
            + TestData.root().resolve("reference/gptdisk.img.xz")
            + "' > grown.img && truncate -s 64M grown.img && cp --sparse=always grown.img sg.img");
    GptTable read = (GptTable) Images.read(grown, 512);
    assertEquals(
        List.of("backup GPT header is not on the last sector"),
        read.verify().stream().map(Problem::what).filter(w -> w.startsWith("backup")).toList());
    assertTrue(Images.verify(grown, 512).stream().anyMatch(p -> p.what().contains("protective")));
    GptTable moved = read.relocateBackup(131072).growLastPartition();
    Images.write(grown, moved);
    assertEquals(List.of(), Images.verify(grown, 512));
    String verify = ExternalTool.run(dir, "sgdisk", "-v", grown.toString()).orFail().stdoutText();
    assertTrue(verify.contains("No problems found"), verify);
    ExternalTool.run(
            dir,
            "sgdisk",
            "-e",
            "-d",
            "1",
            "-n",
            "1:4096:0",
            "-t",
            "1:8300",
            "-c",
            "1:Linux",
            "-u",
            "1:8F1B3E5C-1111-4A2B-9C3D-000000000002",
            dir.resolve("sg.img").toString())
        .orFail();
    assertEquals(Images.read(dir.resolve("sg.img"), 512), moved);
  }

  @Test
  void mbrGrownOnALargerDisk_matchesSfdiskGrowingIt() throws Exception {
    Path ours = Images.sparse(dir, "mbr.img", 32 * MIB);
    ExternalTool.bash(
        dir,
        "printf 'label: dos\\nstart=2048, size=8192, type=82\\n"
            + "start=10240, type=83, bootable\\n' | sfdisk -q mbr.img"
            + " && truncate -s 96M mbr.img && cp --sparse=always mbr.img theirs.img"
            + " && echo ', +' | sfdisk -q -N 2 theirs.img");
    MbrTable grown = ((MbrTable) Images.read(ours, 512)).growLastPartition(96 * MIB / 512);
    Images.write(ours, grown);
    assertEquals(Images.sfdiskDump(dir.resolve("theirs.img")), Images.sfdiskDump(ours));
    assertEquals(96 * MIB / 512 - 10240, grown.partitions().get(1).sectors());
    assertEquals(List.of(), Images.verify(ours, 512));
  }

  @Test
  void mbrWhoseLastPartitionIsLogical_isNotGrown() throws Exception {
    Path image = Images.sparse(dir, "logical.img", 32 * MIB);
    ExternalTool.bash(
        dir,
        "printf 'label: dos\\nstart=2048, size=1000, type=83\\n"
            + "start=4096, type=5\\nstart=6000\\n' | sfdisk -q logical.img");
    MbrTable table = (MbrTable) Images.read(image, 512);
    BadInputException refused =
        assertThrows(BadInputException.class, () -> table.growLastPartition(64 * MIB / 512));
    assertTrue(
        refused.getMessage().contains("only a primary partition can be grown"),
        refused.getMessage());
  }

  @Test
  void sector4096_gptOnLoopDevice_bothWays() throws Exception {
    Path image = Images.sparse(dir, "big.img", 256 * MIB);
    // Needs root and loop devices, as CI has: a missing loop device fails the test, never skips it.
    ExternalTool.Result attach =
        ExternalTool.run(dir, "losetup", "--sector-size", "4096", "-f", "--show", image.toString())
            .orFail();
    Path loop = Path.of(attach.stdoutText().strip());
    try {
      GptTable table = (GptTable) Layouts.eucaBundleVolGpt(256 * MIB);
      // the same partitions on 4096-byte sectors
      GptTable ours =
          GptTable.create(
              4096,
              256 * MIB / 4096,
              table.diskGuid(),
              List.of(
                  new org.amibundle.partition.gpt.GptEntry(
                      1,
                      org.amibundle.partition.gpt.GptTypes.LINUX_FILESYSTEM,
                      table.partitions().get(0).guid(),
                      512,
                      256 * MIB / 4096 - 6,
                      0,
                      "Image")));
      Images.write(image, ours);
      String verify = ExternalTool.run(dir, "sgdisk", "-v", loop.toString()).orFail().stdoutText();
      assertTrue(verify.contains("No problems found"), verify);
      assertEquals(PeerConversions.dumped(ours), PeerConversions.sorted(Images.sfdiskDump(loop)));
      ExternalTool.run(
              dir,
              "sgdisk",
              "-o",
              "-n",
              "2:1M:+10M",
              "-t",
              "2:8200",
              "-c",
              "2:swap",
              "-n",
              "1:0:0",
              loop.toString())
          .orFail();
      ExternalTool.run(dir, "sync").orFail();
      PartitionTable theirs = Images.read(image, 4096);
      assertEquals(PeerConversions.sorted(Images.sfdiskDump(loop)), PeerConversions.dumped(theirs));
      assertEquals(List.of(), theirs.verify());
    } finally {
      ExternalTool.run(dir, "losetup", "-d", loop.toString());
    }
  }

  private static byte[] sector0(Path image) throws Exception {
    try (var in = Files.newInputStream(image)) {
      return in.readNBytes(512);
    }
  }
}
