package org.amibundle.bundle.volume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.amibundle.testing.ExternalTool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A volume that is the root of a mounted ext3 filesystem (a loop-mounted filesystem image, no
 * partition table) gives an image of the same type, label, UUID and features, unpartitioned as its
 * disk.
 */
class VolumeIdentityTest {

  private static final String UUID = "6f1c2e9a-3b4d-4c5e-8f70-0123456789ab";

  @TempDir Path work;

  @Test
  void mountedExtVolume_keepsTypeLabelAndUuid_andAutoFollowsItsUnpartitionedDisk()
      throws IOException {
    Path fsImage = work.resolve("source.ext3");
    ExternalTool.run(null, "truncate", "-s", "32M", fsImage.toString()).orFail();
    ExternalTool.run(
            null,
            "mke2fs",
            "-q",
            "-F",
            "-t",
            "ext3",
            "-O",
            "^dir_index",
            "-L",
            "srcroot",
            "-U",
            UUID,
            fsImage.toString())
        .orFail();
    Path volume = Files.createDirectories(work.resolve("volume"));
    ExternalTool.run(null, "mount", "-o", "loop", fsImage.toString(), volume.toString()).orFail();
    try {
      SourceTrees.write(volume, "etc/hostname", "source\n");
      Path out = Files.createDirectories(work.resolve("out"));

      VolumeImage image =
          new VolumeCloner()
              .clone(
                  VolumeRequest.builder(volume, out).sizeMiB(24).build(), new VolumeProgress() {});

      assertEquals(Partitioning.NONE, image.partitioning());
      assertEquals("ext3", image.filesystem());
      String blkid =
          ExternalTool.run(null, "blkid", "-p", "-o", "export", image.image().toString())
              .orFail()
              .stdoutText();
      assertTrue(blkid.contains("UUID=" + UUID + "\n"), blkid);
      assertTrue(blkid.contains("LABEL=srcroot\n"), blkid);
      assertTrue(blkid.contains("TYPE=ext3\n"), blkid);
      // needs_recovery says the mounted source's journal is in use: state, not format
      assertEquals(
          features(fsImage.toString()).replace(" needs_recovery", ""),
          features(image.image().toString()));
      assertTrue(!features(fsImage.toString()).contains("dir_index"));
      MountedImage.fsck(image.image());
    } finally {
      ExternalTool.run(null, "umount", volume.toString()).orFail();
    }
  }

  private static String features(String device) {
    return ExternalTool.run(null, "dumpe2fs", "-h", device)
        .orFail()
        .stdoutText()
        .lines()
        .filter(l -> l.startsWith("Filesystem features:"))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void readOnlyVolumeOnAnotherFilesystem_isCopiedIntoTheStagingTree_withAllItsMetadata()
      throws IOException {
    Path fsImage = work.resolve("source.ext4");
    ExternalTool.run(null, "truncate", "-s", "48M", fsImage.toString()).orFail();
    ExternalTool.run(null, "mke2fs", "-q", "-F", "-t", "ext4", fsImage.toString()).orFail();
    Path volume = Files.createDirectories(work.resolve("volume"));
    ExternalTool.run(null, "mount", "-o", "loop", fsImage.toString(), volume.toString()).orFail();
    try {
      SourceTrees.everyFileType(volume);
      ExternalTool.run(null, "mount", "-o", "remount,ro", volume.toString()).orFail();
      Map<String, String> before = TreeListing.of(volume);
      Path out = Files.createDirectories(work.resolve("out"));
      List<String> notes = new ArrayList<>();

      VolumeImage image =
          new VolumeCloner()
              .clone(
                  VolumeRequest.builder(volume, out).sizeMiB(64).build(),
                  new VolumeProgress() {
                    @Override
                    public void note(String message) {
                      notes.add(message);
                    }
                  });

      assertTrue(
          notes.stream().anyMatch(n -> n.contains("were copied, not linked")), notes.toString());
      MountedImage.fsck(image.image());
      try (MountedImage mounted = MountedImage.mount(image.image(), work.resolve("mnt"))) {
        Map<String, String> after = TreeListing.of(mounted.root());
        after.keySet().removeIf(k -> k.matches("/(dev|mnt|proc|sys)(/.*)?"));
        before.keySet().removeIf(k -> k.equals("/lost+found"));
        after.keySet().removeIf(k -> k.equals("/lost+found"));
        assertEquals(before, after);
      }
      assertEquals(List.of("image"), VolumeClonerTest.names(out));
    } finally {
      ExternalTool.run(null, "umount", volume.toString()).orFail();
    }
  }
}
