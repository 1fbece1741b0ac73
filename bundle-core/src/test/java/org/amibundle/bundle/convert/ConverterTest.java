package org.amibundle.bundle.convert;

import static org.amibundle.bundle.DiskImages.MIB;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Random;
import java.util.stream.Stream;
import org.amibundle.BadInputException;
import org.amibundle.IntegrityException;
import org.amibundle.bundle.BundleResult;
import org.amibundle.bundle.Bundler;
import org.amibundle.bundle.DiskImages;
import org.amibundle.bundle.Fixtures;
import org.amibundle.bundle.PartSource;
import org.amibundle.bundle.SignatureCheck;
import org.amibundle.manifest.ManifestReader;
import org.amibundle.manifest.keys.PemFiles;
import org.amibundle.partition.gpt.GptTable;
import org.amibundle.partition.mbr.MbrTable;
import org.amibundle.testing.ExternalTool;
import org.amibundle.testing.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * convert onto disk image files: GPT and MBR disks with ext4, checked by sgdisk, e2fsck, debugfs.
 */
class ConverterTest {

  private static final long IMAGE = 40 * MIB;
  private static final int GPT_AREA = 33 * 512;

  @TempDir Path work;

  static BundleResult bundle(Path work, Path image) throws IOException {
    Path dir = Files.createDirectories(work.resolve("bundle-" + image.getFileName()));
    return new Bundler().bundle(Fixtures.request(image, dir).build());
  }

  static ConvertRequest request(BundleResult bundle, Path target, boolean grow, boolean force)
      throws IOException {
    return new ConvertRequest(
        ManifestReader.read(bundle.manifestFile()),
        PartSource.directory(bundle.manifestFile().getParent()),
        Fixtures.userKey(),
        SignatureCheck.none(),
        target,
        OptionalLong.empty(),
        grow,
        force);
  }

  private Path emptyTarget(long size) {
    return DiskImages.sparse(work, "target.img", size);
  }

  private static byte[] range(Path file, long from, long to) throws IOException {
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
      byte[] bytes = new byte[(int) (to - from)];
      raf.seek(from);
      raf.readFully(bytes);
      return bytes;
    }
  }

  private List<String> leftovers() throws IOException {
    try (Stream<Path> files = Files.list(work)) {
      return files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".")).toList();
    }
  }

  @Test
  void gptOntoAFileTwiceTheSize_movesTheBackupToTheEndAndKeepsTheImage() throws IOException {
    Path image = DiskImages.gpt(work, "gpt.img", IMAGE);
    BundleResult bundle = bundle(work, image);
    Path target = emptyTarget(2 * IMAGE);

    ConvertResult result = new Converter().convert(request(bundle, target, false, false));

    assertTrue(
        DiskImages.sgdiskVerify(target).contains("No problems found"),
        DiskImages.sgdiskVerify(target));
    assertEquals(Optional.of("GPT"), result.partitionTable());
    assertTrue(result.backupMoved());
    assertEquals(OptionalInt.empty(), result.grownPartition());
    assertEquals(2 * IMAGE, Files.size(target));
    GptTable table = (GptTable) DiskImages.table(target);
    assertEquals(2 * IMAGE / 512 - 1, table.backupLba());
    assertEquals(List.of(), table.verify());
    // The image as it was, but for the protective MBR and primary header (new disk size), and
    // the old backup entries and header, now zeros.
    assertArrayEquals(
        range(image, 34 * 512, IMAGE - GPT_AREA), range(target, 34 * 512, IMAGE - GPT_AREA));
    assertArrayEquals(new byte[GPT_AREA], range(target, IMAGE - GPT_AREA, IMAGE));
    assertEquals(
        DiskImages.offset(image, 1) + DiskImages.partitionBytes(image, 1),
        DiskImages.offset(target, 1) + DiskImages.partitionBytes(target, 1),
        "partition 1 not grown");
    assertEquals(
        DiskImages.HELLO, DiskImages.cat(target, DiskImages.offset(target, 1), "hello.txt"));
    assertTrue(result.holeBytes() > IMAGE / 2, "holes skipped: " + result.holeBytes());
    assertTrue(Fixtures.allocatedBytes(target) < IMAGE / 2, "holes stay holes");
    assertEquals(List.of(), leftovers());
  }

  @Test
  void gptOntoAFileWithGrow_growsPartitionOneAndItsExt4() throws IOException {
    Path image = DiskImages.gpt(work, "gpt.img", IMAGE);
    long offset = DiskImages.offset(image, 1);
    long before = DiskImages.filesystemBytes(image, offset);
    Path target = emptyTarget(2 * IMAGE);

    ConvertResult result =
        new Converter().convert(request(bundle(work, image), target, true, false));

    assertEquals(OptionalInt.of(1), result.grownPartition());
    assertTrue(result.filesystemGrown());
    assertTrue(DiskImages.sgdiskVerify(target).contains("No problems found"));
    GptTable table = (GptTable) DiskImages.table(target);
    assertEquals(table.lastUsableLba(), table.partitions().get(0).lastLba());
    assertEquals(
        0,
        DiskImages.fsck(target, offset).exitCode(),
        DiskImages.fsck(target, offset).stdoutText());
    long after = DiskImages.filesystemBytes(target, offset);
    long partition = DiskImages.partitionBytes(target, 1);
    assertTrue(after <= partition && after > partition - 4096, after + " of " + partition);
    assertTrue(after > before + IMAGE - 2 * MIB, before + " -> " + after);
    assertEquals(DiskImages.HELLO, DiskImages.cat(target, offset, "hello.txt"));
    assertArrayEquals(DiskImages.dataBin(), DiskImages.catBytes(target, offset, "data.bin"));
    assertArrayEquals(
        range(image, 34 * 512, offset), range(target, 34 * 512, offset), "BIOS boot area");
  }

  @Test
  void mbrOntoAFileWithGrow_growsTheLastPartitionAndItsExt4() throws IOException {
    Path image = DiskImages.mbr(work, "mbr.img", IMAGE);
    long offset = DiskImages.offset(image, 1);
    long before = DiskImages.filesystemBytes(image, offset);
    Path target = emptyTarget(2 * IMAGE);

    ConvertResult result =
        new Converter().convert(request(bundle(work, image), target, true, false));

    assertEquals(Optional.of("MBR"), result.partitionTable());
    assertFalse(result.backupMoved());
    assertEquals(OptionalInt.of(1), result.grownPartition());
    MbrTable table = (MbrTable) DiskImages.table(target);
    assertEquals(2 * IMAGE / 512 - 1, table.partitions().get(0).lastLba());
    assertTrue(table.partitions().get(0).bootable());
    assertEquals(List.of(), table.verify());
    assertEquals(
        0,
        DiskImages.fsck(target, offset).exitCode(),
        DiskImages.fsck(target, offset).stdoutText());
    assertTrue(DiskImages.filesystemBytes(target, offset) > before + IMAGE - 2 * MIB);
    assertEquals(DiskImages.HELLO, DiskImages.cat(target, offset, "hello.txt"));
    assertArrayEquals(range(image, 0, 440), range(target, 0, 440), "boot code kept");
  }

  @Test
  void mbrOntoAFileWithoutGrow_isTheImageFollowedByZeros() throws IOException {
    Path image = DiskImages.mbr(work, "mbr.img", IMAGE);
    Path target = emptyTarget(2 * IMAGE);

    ConvertResult result =
        new Converter().convert(request(bundle(work, image), target, false, false));

    assertEquals(OptionalInt.empty(), result.grownPartition());
    assertArrayEquals(Files.readAllBytes(image), range(target, 0, IMAGE));
    assertArrayEquals(new byte[(int) IMAGE], range(target, IMAGE, 2 * IMAGE));
  }

  @Test
  void newFile_isTheImageItself_orAsLargeAsAsked() throws IOException {
    Path image = DiskImages.gpt(work, "gpt.img", IMAGE);
    BundleResult bundle = bundle(work, image);
    Path exact = work.resolve("exact.img");
    new Converter().convert(request(bundle, exact, false, false));
    assertEquals(-1, Files.mismatch(image, exact));

    Path larger = work.resolve("larger.img");
    ConvertRequest sized = request(bundle, larger, false, false);
    new Converter()
        .convert(
            new ConvertRequest(
                sized.manifest(),
                sized.parts(),
                sized.privateKey(),
                SignatureCheck.none(),
                larger,
                OptionalLong.of(3 * IMAGE),
                false,
                false));
    assertEquals(3 * IMAGE, Files.size(larger));
    assertTrue(DiskImages.sgdiskVerify(larger).contains("No problems found"));
  }

  @Test
  void unpartitionedExt4WithGrow_growsTheFilesystemToTheTarget() throws IOException {
    Path image = DiskImages.sparse(work, "fs.img", IMAGE);
    ExternalTool.run(
            work,
            "mke2fs",
            "-q",
            "-F",
            "-t",
            "ext4",
            "-d",
            DiskImages.content(work).toString(),
            image.toString())
        .orFail();
    Path target = emptyTarget(2 * IMAGE);

    ConvertResult result =
        new Converter().convert(request(bundle(work, image), target, true, false));

    assertEquals(Optional.empty(), result.partitionTable());
    assertTrue(result.filesystemGrown());
    assertEquals(0, DiskImages.fsck(target, 0).exitCode());
    assertEquals(2 * IMAGE, DiskImages.filesystemBytes(target, 0));
    assertEquals(DiskImages.HELLO, DiskImages.cat(target, 0, "hello.txt"));
  }

  @Test
  void partitionWithoutExtFilesystem_isGrownAndItsContentLeftAsIs() throws IOException {
    Path image = DiskImages.sparse(work, "raw.img", IMAGE);
    ExternalTool.run(work, "sgdisk", "--largest-new=1", image.toString()).orFail();
    Path target = emptyTarget(2 * IMAGE);

    ConvertResult result =
        new Converter().convert(request(bundle(work, image), target, true, false));

    assertEquals(OptionalInt.of(1), result.grownPartition());
    assertFalse(result.filesystemGrown());
    assertTrue(
        result.notes().stream().anyMatch(n -> n.contains("left as is")), result.notes().toString());
    assertTrue(DiskImages.sgdiskVerify(target).contains("No problems found"));
  }

  @Test
  void unusableGpt_isWrittenAsIsWithANote_butNotGrown() throws IOException {
    Path image = DiskImages.gpt(work, "gpt.img", IMAGE);
    try (RandomAccessFile raf = new RandomAccessFile(image.toFile(), "rw")) {
      for (long header : new long[] {512, IMAGE - 512}) {
        raf.seek(header + 48); // last usable LBA: both header CRCs fail
        raf.write(0x7F);
      }
    }
    BundleResult bundle = bundle(work, image);
    Path target = emptyTarget(2 * IMAGE);

    BadInputException refused =
        assertThrows(
            BadInputException.class,
            () -> new Converter().convert(request(bundle, target, true, false)));
    assertTrue(refused.getMessage().contains("without the grow setting"), refused.getMessage());
    assertEquals(0, Fixtures.allocatedBytes(target));

    ConvertResult result = new Converter().convert(request(bundle, target, false, false));
    assertTrue(
        result.notes().stream().anyMatch(n -> n.contains("unusable")), result.notes().toString());
    assertFalse(result.backupMoved());
    assertArrayEquals(Files.readAllBytes(image), range(target, 0, IMAGE));
  }

  @Test
  void smallerTarget_isRefusedAndLeftUntouched() throws IOException {
    BundleResult bundle = bundle(work, DiskImages.gpt(work, "gpt.img", IMAGE));
    Path target = emptyTarget(IMAGE - MIB);

    BadInputException refused =
        assertThrows(
            BadInputException.class,
            () -> new Converter().convert(request(bundle, target, false, false)));

    assertTrue(refused.getMessage().contains("larger"), refused.getMessage());
    assertEquals(IMAGE - MIB, Files.size(target));
    assertEquals(0, Fixtures.allocatedBytes(target));
    assertEquals(List.of(), leftovers());
  }

  @Test
  void nonEmptyFile_isRefusedWithoutForce_andReplacedWithIt() throws IOException {
    BundleResult bundle = bundle(work, DiskImages.gpt(work, "gpt.img", IMAGE));
    byte[] old = new byte[(int) (2 * IMAGE)];
    new Random(3).nextBytes(old);
    Path target = Files.write(work.resolve("target.img"), old);

    IllegalArgumentException refused =
        assertThrows(
            IllegalArgumentException.class,
            () -> new Converter().convert(request(bundle, target, false, false)));
    assertTrue(
        refused.getMessage().contains("write over it with the force setting"),
        refused.getMessage());
    assertArrayEquals(old, Files.readAllBytes(target));
    assertEquals(List.of(), leftovers());

    new Converter().convert(request(bundle, target, false, true));
    assertTrue(DiskImages.sgdiskVerify(target).contains("No problems found"));
    assertArrayEquals(new byte[(int) MIB], range(target, IMAGE, IMAGE + MIB), "old data gone");
  }

  @Test
  void corruptPart_abortsNamingThePart_andLeavesNoFile() throws IOException {
    BundleResult bundle = bundle(work, DiskImages.gpt(work, "gpt.img", IMAGE));
    Path part = bundle.partFiles().get(0);
    byte[] bytes = Files.readAllBytes(part);
    bytes[bytes.length / 2] ^= 1;
    Files.write(part, bytes);
    Path absent = work.resolve("absent.img");
    Path existing = emptyTarget(2 * IMAGE);

    IntegrityException failure =
        assertThrows(
            IntegrityException.class,
            () -> new Converter().convert(request(bundle, absent, true, false)));
    assertTrue(failure.getMessage().contains(part.getFileName().toString()), failure.getMessage());
    assertThrows(
        IntegrityException.class,
        () -> new Converter().convert(request(bundle, existing, true, false)));

    assertFalse(Files.exists(absent));
    assertEquals(2 * IMAGE, Files.size(existing));
    assertEquals(0, Fixtures.allocatedBytes(existing));
    assertEquals(List.of(), leftovers());
  }

  @Test
  void referenceGptBundle_convertsOntoALargerFileWithTheGptMoved() throws IOException {
    Path original = work.resolve("gptdisk.img");
    ExternalTool.bash(
        work, "xz -dc '" + TestData.root().resolve("reference/gptdisk.img.xz") + "' > gptdisk.img");
    Path target = DiskImages.sparse(work, "converted.img", 64 * MIB);
    PrivateKey key = PemFiles.readPrivateKey(TestData.userKey());
    Path manifest = TestData.referenceManifest("gptdisk");

    ConvertResult result =
        new Converter()
            .convert(
                new ConvertRequest(
                    ManifestReader.read(manifest),
                    PartSource.directory(manifest.getParent()),
                    key,
                    SignatureCheck.none(),
                    target,
                    OptionalLong.empty(),
                    false,
                    false));

    assertTrue(result.backupMoved());
    assertTrue(
        DiskImages.sgdiskVerify(target).contains("No problems found"),
        DiskImages.sgdiskVerify(target));
    long size = Files.size(original);
    assertArrayEquals(
        range(original, 34 * 512, size - GPT_AREA), range(target, 34 * 512, size - GPT_AREA));
    assertTrue(Arrays.equals(new byte[GPT_AREA], range(target, size - GPT_AREA, size)));
  }
}
