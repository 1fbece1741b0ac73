package org.amibundle.bundle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.stream.Stream;
import org.amibundle.AmiBundleException;
import org.amibundle.BadInputException;
import org.amibundle.IntegrityException;
import org.amibundle.LocalIoException;
import org.amibundle.NotFoundException;
import org.amibundle.manifest.ManifestReader;
import org.amibundle.testing.ExternalTool;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tamper matrix: every kind of bad input is refused with a clear message, and the output
 * directory holds nothing afterwards (no image, no temporary file).
 */
class UnbundleRefusesBadInputTest {

  @TempDir Path work;
  private Path bundleDir;
  private Path out;
  private Path manifest;
  private BundleResult bundle;

  @BeforeEach
  void bundleASmallMultiPartImage() throws IOException {
    bundleDir = Files.createDirectory(work.resolve("bundle"));
    out = Files.createDirectory(work.resolve("out"));
    Path image = Fixtures.denseImage(work.resolve("img"), 300_000, 3);
    bundle =
        new Bundler()
            .bundle(Fixtures.request(image, bundleDir).name("img").partSize(64 * 1024).build());
    manifest = bundle.manifestFile();
    assertTrue(bundle.partFiles().size() >= 4);
  }

  private UnbundleResult unbundle() throws IOException {
    return new Unbundler()
        .unbundle(UnbundleRequest.of(manifest, Fixtures.userKey(), ImageTarget.directory(out)));
  }

  /** For a manifest changed on purpose: the signature check would refuse it before the rest. */
  private UnbundleResult unbundleUnchecked() throws IOException {
    return new Unbundler()
        .unbundle(
            UnbundleRequest.of(manifest, Fixtures.userKey(), ImageTarget.directory(out))
                .withoutSignatureCheck());
  }

  private <T extends AmiBundleException> T refused(Class<T> type, String... messageParts)
      throws IOException {
    return refused(this::unbundle, type, messageParts);
  }

  private <T extends AmiBundleException> T refused(
      Executable unbundle, Class<T> type, String... messageParts) throws IOException {
    T failure = assertThrows(type, unbundle);
    for (String part : messageParts) {
      assertTrue(failure.getMessage().contains(part), failure.getMessage());
    }
    assertOutputEmpty();
    return failure;
  }

  private void assertOutputEmpty() throws IOException {
    try (Stream<Path> files = Files.list(out)) {
      assertEquals(List.of(), files.toList(), "nothing may be left in the output directory");
    }
  }

  @Test
  void theUntamperedBundle_unbundles() throws IOException {
    assertEquals(300_000, unbundle().size());
    assertArrayEquals(
        Files.readAllBytes(work.resolve("img")), Files.readAllBytes(out.resolve("img")));
  }

  @Test
  void theUntamperedBundle_unbundlesOntoAFilesystemWithoutDirectIo() throws IOException {
    try (Tmpfs ramfs = Tmpfs.ramfs(out)) { // ramfs refuses O_DIRECT: the page cache path
      assertEquals(300_000, unbundle().size());
      assertArrayEquals(
          Files.readAllBytes(work.resolve("img")), Files.readAllBytes(out.resolve("img")));
      Files.delete(out.resolve("img"));
    }
  }

  @Test
  void wrongPrivateKey_isRefused() throws IOException, NoSuchAlgorithmException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    UnbundleRequest request =
        UnbundleRequest.of(
            manifest, generator.generateKeyPair().getPrivate(), ImageTarget.directory(out));

    BadInputException failure =
        assertThrows(BadInputException.class, () -> new Unbundler().unbundle(request));
    assertTrue(failure.getMessage().contains("private key"), failure.getMessage());
    assertOutputEmpty();
  }

  @Test
  void tamperedManifest_failsTheSignatureCheck() throws IOException {
    replaceInManifest("<size>300000</size>", "<size>300001</size>");
    UnbundleRequest request =
        UnbundleRequest.of(manifest, Fixtures.userKey(), ImageTarget.directory(out))
            .verifyingSignatureWith(Fixtures.credentials().userCertificate().getPublicKey());

    assertThrows(IntegrityException.class, () -> new Unbundler().unbundle(request));
    assertOutputEmpty();
  }

  @Test
  void tamperedImageDigest_isCaughtWithoutASignatureCheck() throws IOException {
    String digest = bundle.manifest().image().digest().hex();
    String changed = (digest.charAt(0) == '0' ? "1" : "0") + digest.substring(1);
    replaceInManifest(digest, changed);

    refused(this::unbundleUnchecked, IntegrityException.class, "invalid digest", changed);
  }

  @Test
  void tamperedImageSize_isCaught() throws IOException {
    replaceInManifest("<size>300000</size>", "<size>300016</size>");

    refused(this::unbundleUnchecked, IntegrityException.class, "300016");
  }

  @Test
  void flippedByteInAPart_isCaughtNamingThePart() throws IOException {
    Path part = bundle.partFiles().get(2);
    byte[] bytes = Files.readAllBytes(part);
    bytes[100] ^= 0x01;
    Files.write(part, bytes);

    refused(IntegrityException.class, part.getFileName().toString(), "SHA-1");
  }

  @Test
  void missingPart_isReportedBeforeAnythingIsDecrypted() throws IOException {
    Files.delete(bundle.partFiles().get(1));

    refused(NotFoundException.class, bundle.partFiles().get(1).getFileName().toString());
  }

  @Test
  void truncatedPart_isCaught() throws IOException {
    Path last = bundle.partFiles().get(bundle.partFiles().size() - 1);
    byte[] bytes = Files.readAllBytes(last);
    Files.write(last, java.util.Arrays.copyOf(bytes, bytes.length - 16));

    refused(IntegrityException.class, "bundled_size");
  }

  @Test
  void extraPartListedInTheManifest_isCaught() throws IOException {
    String lastPart = "<part index='" + (bundle.partFiles().size() - 1) + "'>";
    String raw = Files.readString(manifest, StandardCharsets.UTF_8);
    int start = raw.indexOf(lastPart);
    int end = raw.indexOf("</part>", start) + "</part>".length();
    String extra =
        raw.substring(start, end)
            .replace(
                "index='" + (bundle.partFiles().size() - 1) + "'",
                "index='" + bundle.partFiles().size() + "'");
    String count = "count='" + bundle.partFiles().size() + "'";
    raw = raw.substring(0, end) + extra + raw.substring(end);
    Files.writeString(
        manifest, raw.replace(count, "count='" + (bundle.partFiles().size() + 1) + "'"));

    refused(IntegrityException.class, "bundled_size");
  }

  @Test
  void extraDataAfterTheLastPartOfAStream_isCaught() throws IOException {
    // Stream mode takes parts to be 10 MiB: bundle with the standard part size.
    Path image = Fixtures.denseImage(work.resolve("img2"), 300_000, 4);
    Path dir = Files.createDirectory(work.resolve("standard"));
    BundleResult standard = new Bundler().bundle(Fixtures.request(image, dir).name("img2").build());
    ByteArrayOutputStream padded = new ByteArrayOutputStream();
    padded.write(Files.readAllBytes(standard.partFiles().get(0)));
    padded.write(new byte[16]);
    UnbundleRequest request =
        new UnbundleRequest(
            ManifestReader.read(standard.manifestFile()),
            PartSource.concatenated(new ByteArrayInputStream(padded.toByteArray())),
            Fixtures.userKey(),
            SignatureCheck.none(),
            ImageTarget.stream(new ByteArrayOutputStream()));

    IntegrityException failure =
        assertThrows(IntegrityException.class, () -> new Unbundler().unbundle(request));
    assertTrue(failure.getMessage().contains("runs on past"), failure.getMessage());
  }

  @Test
  void manifestNamingAPartOutsideTheDirectory_isRefused() throws IOException {
    replaceInManifest("<filename>img.part.0</filename>", "<filename>../x</filename>");

    assertThrows(BadInputException.class, () -> ManifestReader.read(manifest));
  }

  @Test
  void manifestWithAnExternalEntity_isRefused() throws IOException {
    String raw = Files.readString(manifest);
    Files.writeString(
        manifest,
        raw.replace(
                "<?xml version='1.0'?>",
                "<?xml version='1.0'?><!DOCTYPE manifest [<!ENTITY x SYSTEM"
                    + " \"file:///etc/passwd\">]>")
            .replace("<name>img</name>", "<name>&x;</name>"));

    BadInputException failure = assertThrows(BadInputException.class, this::unbundle);
    assertTrue(!failure.getMessage().contains("root:"), failure.getMessage());
  }

  @Test
  void tarWithASecondMember_isRefused() throws IOException {
    Path src = Files.createDirectory(work.resolve("src"));
    Files.writeString(src.resolve("evil"), "image");
    Files.writeString(src.resolve("second"), "more");
    byte[] tar = ExternalTool.run(src, "tar", "-c", "-f", "-", "evil", "second").orFail().stdout();
    manifest = HandMadeBundle.write(bundleDir, "evil", tar, 5);

    refused(BadInputException.class, "second");
  }

  @Test
  void tarHoldingALink_isRefused() throws IOException {
    Path src = Files.createDirectory(work.resolve("src"));
    Files.createSymbolicLink(src.resolve("evil"), Path.of("/etc/passwd"));
    byte[] tar = ExternalTool.run(src, "tar", "-c", "-f", "-", "evil").orFail().stdout();
    manifest = HandMadeBundle.write(bundleDir, "evil", tar, 0);

    refused(BadInputException.class, "evil");
  }

  @Test
  void fullDestination_failsCleanly() throws IOException {
    try (Tmpfs full = Tmpfs.mount(out, "size=128k")) {
      LocalIoException failure = assertThrows(LocalIoException.class, this::unbundle);
      assertTrue(failure.getMessage().contains("space"), failure.getMessage());
      assertOutputEmpty();
    }
  }

  @Test
  void fullExt4Destination_failsCleanly() throws IOException {
    // 64 blocks of 4 KiB, no journal: less room than the 300,000-byte image; written by direct I/O
    Path filesystem = work.resolve("small.ext4");
    ExternalTool.run(null, "truncate", "-s", "256k", filesystem.toString()).orFail();
    ExternalTool.run(
            null,
            "mke2fs",
            "-q",
            "-t",
            "ext4",
            "-O",
            "^has_journal",
            "-b",
            "4096",
            filesystem.toString())
        .orFail();
    ExternalTool.run(null, "mount", "-o", "loop", filesystem.toString(), out.toString()).orFail();
    try {
      Files.delete(out.resolve("lost+found"));
      LocalIoException failure = assertThrows(LocalIoException.class, this::unbundle);
      // The system's own words for the cause, then what to do.
      assertTrue(failure.getMessage().contains("(No space left on device)"), failure.getMessage());
      assertTrue(failure.getMessage().contains("free some space"), failure.getMessage());
      assertOutputEmpty();
    } finally {
      ExternalTool.run(null, "umount", out.toString()).orFail();
    }
  }

  @Test
  void readOnlyDestination_failsCleanly() throws IOException {
    try (Tmpfs readOnly = Tmpfs.mount(out, "ro")) {
      assertThrows(LocalIoException.class, this::unbundle);
      assertOutputEmpty();
    }
  }

  @Test
  void deviceThatIsFull_failsSayingTheTargetIsPartlyWritten() throws IOException {
    UnbundleRequest request =
        UnbundleRequest.of(manifest, Fixtures.userKey(), ImageTarget.file(Path.of("/dev/full")));

    LocalIoException failure =
        assertThrows(LocalIoException.class, () -> new Unbundler().unbundle(request));
    assertTrue(failure.getMessage().contains("partly written"), failure.getMessage());
  }

  private void replaceInManifest(String from, String to) throws IOException {
    String raw = Files.readString(manifest, StandardCharsets.UTF_8);
    assertTrue(raw.contains(from), "manifest holds " + from);
    Files.writeString(manifest, raw.replace(from, to), StandardCharsets.UTF_8);
  }
}
