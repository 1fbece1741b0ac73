package org.amibundle.bundle.volume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.amibundle.BadInputException;
import org.amibundle.LocalIoException;
import org.amibundle.bundle.Tmpfs;
import org.amibundle.testing.ExternalTool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bundle-vol's image on real trees, checked by e2fsck, sgdisk, sfdisk and the kernel's ext4. */
class VolumeClonerTest {

  @TempDir Path work;

  private final List<String> notes = new ArrayList<>();
  private final List<String> warnings = new ArrayList<>();

  private final VolumeProgress progress =
      new VolumeProgress() {
        @Override
        public void note(String message) {
          notes.add(message);
        }

        @Override
        public void warning(String message) {
          warnings.add(message);
        }
      };

  @Test
  void everyFileType_gptImageHoldsTheTreeWithAllItsMetadata() throws IOException {
    Path volume = SourceTrees.everyFileType(work.resolve("volume"));
    Path out = Files.createDirectories(work.resolve("out"));
    Map<String, String> before = TreeListing.of(volume);

    VolumeImage image =
        new VolumeCloner()
            .clone(
                VolumeRequest.builder(volume, out)
                    .sizeMiB(64)
                    .partitioning(Partitioning.GPT)
                    .build(),
                progress);

    assertEquals(out.resolve("image"), image.image());
    assertEquals(64L << 20, Files.size(image.image()));
    assertEquals(Partitioning.GPT, image.partitioning());
    String verify =
        ExternalTool.run(null, "sgdisk", "-v", image.image().toString()).orFail().stdoutText();
    assertTrue(verify.contains("No problems found"), verify);
    String print =
        ExternalTool.run(null, "sgdisk", "-p", image.image().toString()).orFail().stdoutText();
    assertTrue(print.matches("(?s).*\\n\\s+1\\s+4096\\s+\\d+.*8300\\s+Linux.*"), print);
    assertTrue(
        print.matches("(?s).*\\n\\s+128\\s+2048\\s+4095.*EF02\\s+BIOS Boot Partition.*"), print);
    MountedImage.fsck(image.image());
    try (MountedImage mounted = MountedImage.mount(image.image(), work.resolve("mnt"))) {
      Map<String, String> after = TreeListing.of(mounted.root());
      assertEquals("chr mode=666 owner=0:0", after.get("/dev/null").replaceAll(" mtime.*", ""));
      for (String added :
          List.of(
              "/dev",
              "/dev/X0R",
              "/dev/console",
              "/dev/null",
              "/dev/tty",
              "/dev/zero",
              "/mnt",
              "/proc",
              "/sys",
              "/lost+found")) {
        assertTrue(after.remove(added) != null, added + " missing in " + after.keySet());
      }
      assertEquals(before, after);
      long sparseBlocks =
          Long.parseLong(
              ExternalTool.run(
                      null, "stat", "-c", "%b", mounted.root().resolve("sparse.img").toString())
                  .orFail()
                  .stdoutText()
                  .trim());
      assertTrue(sparseBlocks * 512 < 1 << 20, "sparse.img takes " + sparseBlocks + " blocks");
    }
    assertEquals(List.of("image"), names(out), "staging tree or partial image left behind");
    assertEquals(before, TreeListing.of(volume), "the volume changed");
  }

  @Test
  void mbrImage_isOneBootablePartitionFromSector63() throws IOException {
    Path volume = SourceTrees.everyFileType(work.resolve("volume"));
    Path out = Files.createDirectories(work.resolve("out"));

    VolumeImage image =
        new VolumeCloner()
            .clone(
                VolumeRequest.builder(volume, out)
                    .name("mbr.img")
                    .sizeMiB(48)
                    .partitioning(Partitioning.MBR)
                    .build(),
                progress);

    String json =
        ExternalTool.run(null, "sfdisk", "--json", image.image().toString()).orFail().stdoutText();
    assertTrue(json.contains("\"label\": \"dos\""), json);
    assertTrue(
        json.replaceAll("\\s", "")
            .contains(
                "\"start\":63,\"size\":" + (48 * 2048 - 63) + ",\"type\":\"83\",\"bootable\":true"),
        json);
    MountedImage.fsck(image.image());
    assertTrue(warnings.stream().anyMatch(w -> w.contains("no boot loader")), warnings.toString());
  }

  @Test
  void noPartitioning_isAPlainFilesystemOfDefaultSize() throws IOException {
    Path volume = SourceTrees.everyFileType(work.resolve("volume"));
    Path out = Files.createDirectories(work.resolve("out"));

    VolumeImage image =
        new VolumeCloner()
            .clone(
                VolumeRequest.builder(volume, out).partitioning(Partitioning.NONE).build(),
                progress);

    assertEquals(0, MountedImage.filesystemOffset(image.image()));
    MountedImage.fsck(image.image());
    long size = Files.size(image.image());
    assertTrue(size >= 64L << 20 && size < 128L << 20, "default size " + size);
    assertTrue(notes.stream().anyMatch(n -> n.contains("fresh UUID")), notes.toString());
  }

  @Test
  void generatedFstab_replacesTheImagesAndKeepsTheOldOne_volumeUntouched() throws IOException {
    Path volume = SourceTrees.everyFileType(work.resolve("volume"));
    Path out = Files.createDirectories(work.resolve("out"));
    String original = Files.readString(volume.resolve("etc/fstab"));
    List<String> shown = new ArrayList<>();

    VolumeImage image =
        new VolumeCloner()
            .clone(
                VolumeRequest.builder(volume, out)
                    .sizeMiB(40)
                    .partitioning(Partitioning.NONE)
                    .fstab(FstabChoice.generate(false))
                    .build(),
                new VolumeProgress() {
                  @Override
                  public void fstab(String content) {
                    shown.add(content);
                  }
                });

    String expected =
        "# Default /etc/fstab\n"
            + "# Supplied by: ec2-ami-tools-1.5-3\n"
            + "/dev/sda1 /     ext3    defaults 1 1\n"
            + "/dev/sdb  /mnt  ext3    defaults 0 0\n"
            + "none      /dev/pts devpts  gid=5,mode=620 0 0\n"
            + "none      /proc proc    defaults 0 0\n"
            + "none      /sys  sysfs   defaults 0 0\n";
    assertEquals(List.of(expected), shown);
    try (MountedImage mounted = MountedImage.mount(image.image(), work.resolve("mnt"))) {
      assertEquals(expected, Files.readString(mounted.root().resolve("etc/fstab")));
      assertEquals(original, Files.readString(mounted.root().resolve("etc/fstab.old")));
    }
    assertEquals(original, Files.readString(volume.resolve("etc/fstab")));
  }

  @Test
  void script_runsOnTheMountedImage_andItsChangesAreInTheImage() throws IOException {
    Path volume = SourceTrees.everyFileType(work.resolve("volume"));
    Path out = Files.createDirectories(work.resolve("out"));
    Path script = work.resolve("customise.sh");
    Files.writeString(script, "#!/bin/sh\nset -e\necho customised > \"$1/etc/motd\"\n");
    script.toFile().setExecutable(true);

    VolumeImage image =
        new VolumeCloner()
            .clone(
                VolumeRequest.builder(volume, out)
                    .sizeMiB(40)
                    .partitioning(Partitioning.GPT)
                    .script(script)
                    .build(),
                progress);

    MountedImage.fsck(image.image());
    try (MountedImage mounted = MountedImage.mount(image.image(), work.resolve("mnt"))) {
      assertEquals("customised\n", Files.readString(mounted.root().resolve("etc/motd")));
    }
    assertFalse(Files.exists(volume.resolve("etc/motd")), "the script wrote into the volume");
    assertEquals(List.of("image"), names(out));
  }

  @Test
  void fillProgress_startsWithTheSelectedBytes_growsToThem_andEndsDone() throws IOException {
    Path volume = Files.createDirectories(work.resolve("volume"));
    Random random = new Random(18);
    long total = 2 * 4096; // the volume root and data/, a block each
    for (int i = 0; i < 4; i++) {
      byte[] noise = new byte[(1 << 20) + 1000 * i]; // incompressible, not whole blocks
      random.nextBytes(noise);
      SourceTrees.write(volume, "data/noise" + i, "");
      Files.write(volume.resolve("data/noise" + i), noise);
      total += (noise.length + 4095) / 4096 * 4096;
    }
    Path out = Files.createDirectories(work.resolve("out"));
    RecordedProgress heard = new RecordedProgress();

    new VolumeCloner()
        .clone(
            VolumeRequest.builder(volume, out)
                .partitioning(Partitioning.GPT)
                .progress(heard)
                .build(),
            progress);

    assertEquals(List.of("started " + total, "done"), heard.ends());
    List<Long> seen = heard.cumulative();
    // every report adds bytes (RecordedProgress), so none before the last went beyond it
    assertEquals(total, seen.get(seen.size() - 1), "the last report: " + seen);
  }

  @Test
  void tooSmallSize_failsNamingTheSize_andLeavesNothing() throws IOException {
    Path volume = work.resolve("volume");
    SourceTrees.write(volume, "big.bin", "x".repeat(1 << 20).repeat(12));
    Path out = Files.createDirectories(work.resolve("out"));
    RecordedProgress heard = new RecordedProgress();

    BadInputException e =
        assertThrows(
            BadInputException.class,
            () ->
                new VolumeCloner()
                    .clone(
                        VolumeRequest.builder(volume, out)
                            .sizeMiB(8)
                            .partitioning(Partitioning.NONE)
                            .progress(heard)
                            .build(),
                        progress));

    assertTrue(e.getMessage().contains("give the size setting a larger value"), e.getMessage());
    assertEquals(List.of(), names(out));
    assertEquals(List.of("started " + (4096 + (12 << 20)), "failed"), heard.ends());
  }

  /**
   * The disk holding the (sparse) image fills while mke2fs copies the tree in: a full disk, not a
   * filesystem too small, and nothing is left in the destination.
   */
  @Test
  void aDestinationDiskThatFills_isReportedFull_notTooSmall() throws IOException {
    Path volume = Files.createDirectories(work.resolve("volume"));
    byte[] data = new byte[6 << 20];
    new Random(3).nextBytes(data);
    Files.write(volume.resolve("big"), data);
    Path out = Files.createDirectories(work.resolve("small-disk"));
    try (Tmpfs disk = Tmpfs.mount(out, "size=3m")) {
      LocalIoException e =
          assertThrows(
              LocalIoException.class,
              () ->
                  new VolumeCloner()
                      .clone(
                          VolumeRequest.builder(volume, out)
                              .sizeMiB(32)
                              .partitioning(Partitioning.NONE)
                              .build(),
                          progress));

      assertTrue(e.getMessage().contains("no space left on the filesystem of"), e.getMessage());
      assertEquals(List.of(), names(out));
    }
  }

  @Test
  void existingImage_isRefused() throws IOException {
    Path volume = Files.createDirectories(work.resolve("volume"));
    Path out = Files.createDirectories(work.resolve("out"));
    Files.writeString(out.resolve("image"), "mine");
    RecordedProgress heard = new RecordedProgress();

    assertThrows(
        IllegalArgumentException.class,
        () ->
            new VolumeCloner()
                .clone(
                    VolumeRequest.builder(volume, out).sizeMiB(16).progress(heard).build(),
                    progress));
    assertEquals("mine", Files.readString(out.resolve("image")));
    assertEquals(List.of("failed"), heard.ends(), "a failure before the total is known");
  }

  static List<String> names(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
