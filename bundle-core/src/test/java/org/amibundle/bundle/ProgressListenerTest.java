package org.amibundle.bundle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.amibundle.IntegrityException;
import org.amibundle.bundle.convert.ConvertRequest;
import org.amibundle.bundle.convert.Converter;
import org.amibundle.bundle.verify.BundleVerifier;
import org.amibundle.bundle.verify.VerifyReport;
import org.amibundle.bundle.verify.VerifyRequest;
import org.amibundle.manifest.ManifestReader;
import org.amibundle.manifest.keys.PemFiles;
import org.amibundle.testing.TestData;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The progress a library user hears from bundle, unbundle, convert and verify, on real bundles of
 * an image with holes before, between and after its data: started once with the total, bytes that
 * add up to it, done once; a failure ends with failed, never done.
 */
class ProgressListenerTest {

  private static final long IMAGE_SIZE = 3L << 20;

  @TempDir Path work;
  private Path image;

  /** Every call in order: "started N", "bytes N", "done", "failed". */
  private static final class Recording implements ProgressListener {
    final List<String> calls = new ArrayList<>();
    long bytes;

    @Override
    public synchronized void started(long totalBytes) {
      calls.add("started " + totalBytes);
    }

    @Override
    public synchronized void progressed(long count) {
      assertTrue(count > 0, "a report of " + count + " bytes");
      assertTrue(calls.get(0).startsWith("started"), "bytes before started: " + calls);
      bytes += count;
      if (!calls.get(calls.size() - 1).equals("bytes")) {
        calls.add("bytes");
      }
    }

    @Override
    public synchronized void done() {
      calls.add("done");
    }

    @Override
    public synchronized void failed(Exception failure) {
      calls.add("failed");
    }
  }

  @BeforeEach
  void sparseImage() throws IOException {
    image =
        Fixtures.image(
            work.resolve("img"),
            IMAGE_SIZE,
            7,
            new long[][] {{1 << 20, 300_000}, {2 << 20, 5_000}});
  }

  private BundleResult bundle(ProgressListener listener) throws IOException {
    Path dir = Files.createDirectories(work.resolve("bundle"));
    return new Bundler()
        .bundle(Fixtures.request(image, dir).partSize(64 * 1024).progress(listener).build());
  }

  @Test
  void bundle_reportsEveryImageByteOnce_holesIncluded() throws IOException {
    Recording heard = new Recording();
    bundle(heard);
    assertEquals(List.of("started " + IMAGE_SIZE, "bytes", "done"), heard.calls);
    assertEquals(IMAGE_SIZE, heard.bytes);
  }

  @Test
  void unbundle_reportsEveryImageByteOnce() throws IOException {
    BundleResult bundle = bundle(ProgressListener.NONE);
    Recording heard = new Recording();
    Path out = Files.createDirectory(work.resolve("out"));
    new Unbundler()
        .unbundle(
            UnbundleRequest.of(
                    bundle.manifestFile(), Fixtures.userKey(), ImageTarget.directory(out))
                .withProgress(heard));
    assertEquals(List.of("started " + IMAGE_SIZE, "bytes", "done"), heard.calls);
    assertEquals(IMAGE_SIZE, heard.bytes);
    assertEquals(Fixtures.sha1(image), Fixtures.sha1(out.resolve("img")));
  }

  @Test
  void unbundleOfADamagedPart_endsWithFailed() throws IOException {
    BundleResult bundle = bundle(ProgressListener.NONE);
    Path part = bundle.partFiles().get(bundle.partFiles().size() - 1);
    try (RandomAccessFile file = new RandomAccessFile(part.toFile(), "rw")) {
      file.seek(0);
      file.write(file.read() ^ 1);
    }
    Recording heard = new Recording();
    UnbundleRequest request =
        UnbundleRequest.of(
                bundle.manifestFile(),
                Fixtures.userKey(),
                ImageTarget.directory(Files.createDirectory(work.resolve("out"))))
            .withProgress(heard);
    assertThrows(IntegrityException.class, () -> new Unbundler().unbundle(request));
    assertEquals("failed", heard.calls.get(heard.calls.size() - 1), heard.calls.toString());
    assertTrue(heard.bytes < IMAGE_SIZE, "reported " + heard.bytes);
    assertTrue(!heard.calls.contains("done"), heard.calls.toString());
  }

  @Test
  void convert_reportsEveryImageByteOnce() throws IOException {
    BundleResult bundle = bundle(ProgressListener.NONE);
    Recording heard = new Recording();
    Path target = work.resolve("disk.raw");
    new Converter()
        .convert(
            new ConvertRequest(
                    ManifestReader.read(bundle.manifestFile()),
                    PartSource.directory(bundle.manifestFile().getParent()),
                    Fixtures.userKey(),
                    SignatureCheck.none(),
                    target,
                    OptionalLong.empty(),
                    false,
                    false)
                .withProgress(heard));
    assertEquals(List.of("started " + IMAGE_SIZE, "bytes", "done"), heard.calls);
    assertEquals(IMAGE_SIZE, heard.bytes);
  }

  @Test
  void verify_reportsEveryPartByteOnce_withAndWithoutTheKey() throws IOException {
    BundleResult bundle = bundle(ProgressListener.NONE);
    long partBytes = 0;
    for (Path part : bundle.partFiles()) {
      partBytes += Files.size(part);
    }
    assertEquals(bundle.manifest().image().bundledSize(), partBytes);
    for (Optional<PrivateKey> key :
        List.of(Optional.<PrivateKey>empty(), Optional.of(Fixtures.userKey()))) {
      Recording heard = new Recording();
      VerifyReport report =
          new BundleVerifier()
              .verify(
                  new VerifyRequest(
                          ManifestReader.read(bundle.manifestFile()),
                          PartSource.directory(bundle.manifestFile().getParent()),
                          SignatureCheck.with(
                              PemFiles.readCertificate(TestData.userCert()).getPublicKey()),
                          key)
                      .withProgress(heard));
      assertTrue(report.passed(), report.toString());
      assertEquals(List.of("started " + partBytes, "bytes", "done"), heard.calls);
      assertEquals(partBytes, heard.bytes);
    }
  }
}
