package org.amibundle.bundle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.amibundle.BadInputException;
import org.amibundle.IntegrityException;
import org.amibundle.RemoteRefusedException;
import org.amibundle.RemoteUnreachableException;
import org.amibundle.bundle.s3.BundleDownloader;
import org.amibundle.bundle.s3.S3Clients;
import org.amibundle.bundle.s3.S3Location;
import org.amibundle.bundle.s3.S3PartStore;
import org.amibundle.bundle.s3.S3Settings;
import org.amibundle.bundle.s3.StreamedUpload;
import org.amibundle.bundle.s3.TransferListener;
import org.amibundle.bundle.testing.FaultProxy;
import org.amibundle.bundle.testing.FaultProxy.Fault;
import org.amibundle.bundle.testing.S3ProxyServer;
import org.amibundle.manifest.Manifest;
import org.amibundle.manifest.ManifestReader;
import org.amibundle.manifest.Part;
import org.amibundle.testing.TestData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Bundling straight to S3 (S3Proxy, behind the fault-injecting proxy): parts are uploaded as they
 * are cut, the manifest only after all of them; the result downloads, unbundles and opens with GNU
 * tools; failures leave no manifest and no parts; no more uploads overlap than allowed.
 */
class StreamedUploadTest {

  private static final long MIB = 1 << 20;
  private static final S3Location LOCATION = S3Location.parse("amis/web");
  private static final String PARTS = "/amis/web/disk\\.part\\.\\d+";

  @TempDir Path work;
  private S3ProxyServer server;
  private FaultProxy proxy;
  private S3Client s3;
  private Path image;

  @BeforeEach
  void setUp() throws Exception {
    server = S3ProxyServer.start(Files.createDirectory(work.resolve("s3")));
    proxy = FaultProxy.start(server.endpoint());
    S3Settings direct = server.settings();
    s3 =
        S3Clients.create(
            new S3Settings(
                direct.credentials(),
                Optional.empty(),
                "us-east-1",
                Optional.of(proxy.endpoint()),
                true,
                2,
                4));
    // 12 MiB, 5.5 MiB of random data between holes: over 22 parts of 256 KiB, named .part.NN.
    image =
        Fixtures.image(
            work.resolve("disk.img"),
            12 * MIB,
            5,
            new long[][] {{0, 3 * MIB}, {6 * MIB, 2 * MIB}, {11 * MIB, MIB / 2}});
  }

  @AfterEach
  void tearDown() throws Exception {
    s3.close();
    proxy.close();
    server.close();
  }

  private BundleRequest request(ImageSource source) {
    return BundleRequest.builder(source, work, Fixtures.credentials())
        .accountId(Fixtures.ACCOUNT)
        .name("disk")
        .partSize(256 * 1024)
        .build();
  }

  private S3PartStore store(int maxPending) throws IOException {
    return S3PartStore.open(
        s3,
        new StreamedUpload(LOCATION, Optional.empty(), Optional.empty(), maxPending),
        TransferListener.NONE);
  }

  private Manifest bundle(ImageSource source, PartStore store) throws IOException {
    try (store) {
      return new Bundler().bundle(request(source), store);
    }
  }

  private List<String> keysInBucket() {
    return S3ProxyServer.keys(s3, LOCATION.bucket());
  }

  @Test
  void bundledStraightToS3_downloadsUnbundlesAndOpensWithGnuTools() throws IOException {
    Manifest manifest = bundle(ImageSource.file(image), store(2));

    List<Part> parts = manifest.image().parts();
    assertTrue(parts.size() >= 22, "parts: " + parts.size());
    for (Part part : parts) {
      assertEquals(String.format("disk.part.%02d", part.index()), part.filename());
    }
    List<String> expected =
        new ArrayList<>(parts.stream().map(p -> "web/" + p.filename()).toList());
    expected.add("web/disk.manifest.xml");
    assertEquals(expected.stream().sorted().toList(), keysInBucket());

    Path downloaded = Files.createDirectory(work.resolve("downloaded"));
    Path manifestFile =
        new BundleDownloader(s3, 4, TransferListener.NONE)
            .download(LOCATION, "disk.manifest.xml", downloaded);
    Path restored = Files.createDirectory(work.resolve("restored"));
    UnbundleResult unbundled =
        new Unbundler()
            .unbundle(
                UnbundleRequest.of(
                        manifestFile, Fixtures.userKey(), ImageTarget.directory(restored))
                    .verifyingSignatureWith(
                        Fixtures.credentials().userCertificate().getPublicKey()));
    assertTrue(unbundled.signatureVerified());
    assertEquals(Fixtures.sha256(image), Fixtures.sha256(restored.resolve("disk")));

    Path gnu = Fixtures.gnuUnbundle(work, manifest.image(), downloaded, TestData.userKey(), true);
    assertEquals(Fixtures.sha256(image), Fixtures.sha256(gnu.resolve("disk")));
    assertEquals(
        manifest.image().digest().hex(),
        Files.readString(gnu.resolve("digest"), StandardCharsets.US_ASCII).trim());

    Path direct = work.resolve("direct.img");
    new Unbundler()
        .unbundle(
            new UnbundleRequest(
                ManifestReader.read(BundleDownloader.manifest(s3, LOCATION, "disk.manifest.xml")),
                PartSource.fetched(BundleDownloader.partFetcher(s3, LOCATION)),
                Fixtures.userKey(),
                SignatureCheck.none(),
                ImageTarget.file(direct)));
    assertEquals(Fixtures.sha256(image), Fixtures.sha256(direct));
  }

  @Test
  void aCopyInADirectory_holdsTheSameBundleAsS3() throws IOException {
    Path copy = Files.createDirectory(work.resolve("copy"));
    Manifest manifest =
        bundle(
            ImageSource.file(image), PartStore.both(PartStore.directory(copy, "disk"), store(3)));

    for (Part part : manifest.image().parts()) {
      byte[] inS3 =
          s3.getObjectAsBytes(b -> b.bucket("amis").key("web/" + part.filename())).asByteArray();
      assertArrayEquals(inS3, Files.readAllBytes(copy.resolve(part.filename())), part.filename());
    }
    assertArrayEquals(
        s3.getObjectAsBytes(b -> b.bucket("amis").key("web/disk.manifest.xml")).asByteArray(),
        Files.readAllBytes(copy.resolve("disk.manifest.xml")));
    try (var files = Files.list(copy)) {
      assertEquals(manifest.image().parts().size() + 1, files.count(), "no staging leftovers");
    }
  }

  @Test
  void noMoreUploadsOverlapThanAllowed() throws IOException {
    // Slow part uploads, so that the pipeline outruns them and has to wait for room.
    proxy.onEvery("PUT", PARTS, new Fault.Delay(Duration.ofMillis(50)));
    for (int allowed : new int[] {1, 3}) {
      bundle(ImageSource.file(image), store(allowed));
      int overlap = proxy.maxOverlap("PUT", PARTS);
      assertTrue(overlap >= 1 && overlap <= allowed, "allowed " + allowed + ", saw " + overlap);
    }
  }

  @Test
  void aPartRefusedOnce_isRetried_andTheBundleIsComplete() throws IOException {
    proxy.onNth(1, "PUT", "/amis/web/disk\\.part\\.03", Fault.internalError());
    proxy.onNth(1, "PUT", "/amis/web/disk\\.part\\.06", new Fault.Reset());

    Manifest manifest = bundle(ImageSource.file(image), store(2));

    assertEquals(2, proxy.applied().size());
    Path downloaded = Files.createDirectory(work.resolve("downloaded"));
    new BundleDownloader(s3, 4, TransferListener.NONE)
        .download(LOCATION, "disk.manifest.xml", downloaded);
    assertEquals(manifest.image().parts().size() + 1, keysInBucket().size());
  }

  @Test
  void aPartS3KeepsRefusing_failsNamingIt_withoutManifestOrParts() throws IOException {
    RemoteRefusedException failure = refusedWithALocalCopy("/amis/web/disk\\.part\\.04");

    assertTrue(failure.getMessage().contains("disk.part.04"), failure.getMessage());
    assertTrue(failure.getMessage().contains("InternalError"), failure.getMessage());
  }

  @Test
  void theManifestS3KeepsRefusing_leavesNoLocalCopyEither() throws IOException {
    // Every part is stored in both places before the failure: only the commit order decides.
    RemoteRefusedException failure = refusedWithALocalCopy("/amis/web/disk\\.manifest\\.xml");

    assertTrue(failure.getMessage().contains("disk.manifest.xml"), failure.getMessage());
  }

  /**
   * The server stores the manifest but answers its PUT with another ETag: the upload fails on the
   * check, and the manifest is deleted with the parts, never left naming parts that are gone.
   */
  @Test
  void aManifestStoredButNotConfirmed_isDeletedWithTheParts() {
    proxy.onEvery(
        "PUT",
        "/amis/web/disk\\.manifest\\.xml",
        new Fault.ResponseHeader("ETag", "\"0123456789abcdef0123456789abcdef\""));

    IntegrityException failure =
        assertThrows(IntegrityException.class, () -> bundle(ImageSource.file(image), store(2)));

    assertTrue(failure.getMessage().contains("disk.manifest.xml"), failure.getMessage());
    assertEquals(List.of(), keysInBucket());
  }

  /**
   * Bundles into S3 and a local copy while S3 refuses every PUT matching {@code pathRegex}: the
   * bundle fails, and neither S3 nor the copy keeps anything of it. Returns the failure.
   */
  private RemoteRefusedException refusedWithALocalCopy(String pathRegex) throws IOException {
    proxy.onEvery("PUT", pathRegex, Fault.internalError());
    Path copy = Files.createDirectory(work.resolve("copy"));

    RemoteRefusedException failure =
        assertThrows(
            RemoteRefusedException.class,
            () ->
                bundle(
                    ImageSource.file(image),
                    PartStore.both(PartStore.directory(copy, "disk"), store(2))));

    assertEquals(List.of(), keysInBucket());
    try (var files = Files.list(copy)) {
      assertEquals(List.of(), files.toList(), "no local copy of a failed bundle");
    }
    return failure;
  }

  @Test
  void connectionsKeepBeingReset_failsAsUnreachable_withoutManifestOrParts() throws IOException {
    proxy.onEvery("PUT", "/amis/web/disk\\.part\\.07", new Fault.Reset());

    RemoteUnreachableException failure =
        assertThrows(
            RemoteUnreachableException.class, () -> bundle(ImageSource.file(image), store(2)));

    assertTrue(failure.getMessage().contains("disk.part.07"), failure.getMessage());
    assertEquals(List.of(), keysInBucket());
  }

  @Test
  void badInputAfterPartsWereUploaded_leavesNothingInS3() throws IOException {
    byte[] bytes = new byte[(int) (3 * MIB) + 1];
    new Random(4).nextBytes(bytes);
    ImageSource tooLong = ImageSource.stream(new ByteArrayInputStream(bytes), 3 * MIB);

    assertThrows(BadInputException.class, () -> bundle(tooLong, store(2)));

    assertTrue(
        proxy.requests().stream()
            .anyMatch(r -> r.method().equals("PUT") && r.path().matches(PARTS)),
        "parts were uploaded before the image turned out too long");
    assertEquals(List.of(), keysInBucket());
  }

  @Test
  void partsThatCannotBeDeleted_areNamedWithTheCommandThatDeletesThem() {
    proxy.onEvery("PUT", "/amis/web/disk\\.part\\.04", Fault.internalError());
    proxy.onEvery("DELETE", PARTS, Fault.internalError());

    RemoteRefusedException failure =
        assertThrows(RemoteRefusedException.class, () -> bundle(ImageSource.file(image), store(2)));

    String cleanup =
        Arrays.stream(failure.getSuppressed())
            .map(Throwable::getMessage)
            .filter(message -> message.contains("delete-bundle"))
            .findFirst()
            .orElse(Arrays.toString(failure.getSuppressed()));
    assertTrue(cleanup.contains("no manifest was uploaded"), cleanup);
    assertTrue(
        cleanup.contains(
            "delete them as delete-bundle does, with the bucket setting"
                + " amis/web/ and the prefix setting disk"),
        cleanup);
    assertTrue(keysInBucket().stream().noneMatch(key -> key.endsWith(".manifest.xml")));
  }
}
