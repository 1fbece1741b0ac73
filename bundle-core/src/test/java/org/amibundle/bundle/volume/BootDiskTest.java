package org.amibundle.bundle.volume;

import static org.amibundle.testing.ExternalTool.bash;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.amibundle.bundle.LoopDevice;
import org.amibundle.testing.ExternalTool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A volume mounted from a partition of a real disk (a loop device whose partitions the kernel
 * knows): -P auto follows the disk's table, found through the mount table and sysfs, and the image
 * gets the disk's boot code, its core image (BIOS boot partition or post-MBR gap) and the
 * filesystem's UUID and label. Random bytes stand in for GRUB's boot.img and core.img.
 */
class BootDiskTest {

  private static final String UUID = "0b3d5a7c-1e2f-4a6b-9c8d-fedcba987654";
  private static final int BOOT_CODE = 440;
  private static final int SECTOR = 512;

  @TempDir Path work;

  private final List<String> warnings = new ArrayList<>();

  private final VolumeProgress progress =
      new VolumeProgress() {
        @Override
        public void warning(String message) {
          warnings.add(message);
        }
      };

  @Test
  void gptDisk_bootCodeBiosBootPartitionAndFilesystemIdentityAreCarried() throws IOException {
    Path disk = work.resolve("disk.img");
    bash(
        work,
        "truncate -s 64M disk.img && sgdisk -n 128:2048:4095 -t 128:ef02 -n 1:4096:0"
            + " -t 1:8300 disk.img >/dev/null && head -c "
            + BOOT_CODE
            + " /dev/urandom | dd"
            + " of=disk.img conv=notrunc 2>/dev/null && head -c 1048576 /dev/urandom | dd"
            + " of=disk.img bs=512 seek=2048 conv=notrunc 2>/dev/null");

    VolumeImage image = cloneMounted(disk);

    assertEquals(Partitioning.GPT, image.partitioning());
    assertEquals(List.of(), warnings);
    assertArrayEquals(bytes(disk, 0, BOOT_CODE), bytes(image.image(), 0, BOOT_CODE));
    assertArrayEquals(
        bytes(disk, 2048 * SECTOR, 1 << 20), bytes(image.image(), 2048 * SECTOR, 1 << 20));
    String verify =
        ExternalTool.run(null, "sgdisk", "-v", image.image().toString()).orFail().stdoutText();
    assertTrue(verify.contains("No problems found"), verify);
    assertIdentityAndTree(image.image());
  }

  @Test
  void mbrDisk_bootCodeAndTheGapBeforeTheFirstPartitionAreCarried() throws IOException {
    Path disk = work.resolve("disk.img");
    bash(
        work,
        "truncate -s 64M disk.img && echo 'start=2048, type=83, bootable' | sfdisk -q"
            + " disk.img && head -c "
            + BOOT_CODE
            + " /dev/urandom | dd of=disk.img conv=notrunc"
            + " 2>/dev/null && head -c "
            + 2047 * SECTOR
            + " /dev/urandom | dd of=disk.img bs=512"
            + " seek=1 conv=notrunc 2>/dev/null");

    VolumeImage image = cloneMounted(disk);

    assertEquals(Partitioning.MBR, image.partitioning());
    assertEquals(List.of(), warnings);
    assertArrayEquals(bytes(disk, 0, BOOT_CODE), bytes(image.image(), 0, BOOT_CODE));
    assertArrayEquals(
        bytes(disk, SECTOR, 2047 * SECTOR), bytes(image.image(), SECTOR, 2047 * SECTOR));
    String json =
        ExternalTool.run(null, "sfdisk", "--json", image.image().toString())
            .orFail()
            .stdoutText()
            .replaceAll("\\s", "");
    assertTrue(json.contains("\"start\":2048,") && json.contains("\"bootable\":true"), json);
    assertIdentityAndTree(image.image());
  }

  /**
   * Attaches {@code disk}, makes ext4 on its partition 1, mounts it and clones the mount point with
   * -P auto; unmounts and detaches whatever happens.
   */
  private VolumeImage cloneMounted(Path disk) throws IOException {
    Path volume = Files.createDirectories(work.resolve("volume"));
    Path out = Files.createDirectories(work.resolve("out"));
    try (LoopDevice device = LoopDevice.attachWithPartitions(disk)) {
      String partition = device.path() + "p1";
      ExternalTool.run(
              null, "mke2fs", "-q", "-F", "-t", "ext4", "-L", "bootroot", "-U", UUID, partition)
          .orFail();
      ExternalTool.run(null, "mount", partition, volume.toString()).orFail();
      try {
        SourceTrees.write(volume, "etc/hostname", "bootdisk\n");
        SourceTrees.write(
            volume, "boot/grub/grub.cfg", "search --fs-uuid --set=root " + UUID + "\n");
        return new VolumeCloner()
            .clone(VolumeRequest.builder(volume, out).sizeMiB(64).build(), progress);
      } finally {
        ExternalTool.run(null, "umount", volume.toString()).orFail();
      }
    }
  }

  private void assertIdentityAndTree(Path image) throws IOException {
    long offset = MountedImage.filesystemOffset(image);
    String blkid =
        ExternalTool.run(
                null, "blkid", "-p", "-o", "export", "-O", Long.toString(offset), image.toString())
            .orFail()
            .stdoutText();
    assertTrue(blkid.contains("UUID=" + UUID + "\n"), blkid);
    assertTrue(blkid.contains("LABEL=bootroot\n"), blkid);
    assertTrue(blkid.contains("TYPE=ext4\n"), blkid);
    MountedImage.fsck(image);
    try (MountedImage mounted = MountedImage.mount(image, work.resolve("mnt"))) {
      assertEquals("bootdisk\n", Files.readString(mounted.root().resolve("etc/hostname")));
      assertTrue(Files.readString(mounted.root().resolve("boot/grub/grub.cfg")).contains(UUID));
    }
  }

  private static byte[] bytes(Path file, long offset, int length) throws IOException {
    byte[] out = new byte[length];
    try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
      in.seek(offset);
      in.readFully(out);
    }
    return out;
  }
}
