package org.amibundle.bundle.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.amibundle.BadInputException;
import org.amibundle.IntegrityException;
import org.amibundle.RemoteRefusedException;
import org.amibundle.RemoteUnreachableException;
import org.amibundle.bundle.BundleResult;
import org.amibundle.bundle.ImageTarget;
import org.amibundle.bundle.PartSource;
import org.amibundle.bundle.SignatureCheck;
import org.amibundle.bundle.UnbundleRequest;
import org.amibundle.bundle.Unbundler;
import org.amibundle.bundle.testing.S3ProxyServer;
import org.amibundle.bundle.testing.S3TestBundles;
import org.amibundle.manifest.ManifestReader;
import org.amibundle.manifest.keys.PemFiles;
import org.amibundle.testing.TestData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** Upload, download, download-and-unbundle and delete against a real S3 server on loopback. */
class S3BundleTransferTest {

  private static final S3Location LOCATION = S3Location.parse("/amis/web/v1/");

  @TempDir Path work;
  private S3ProxyServer server;
  private S3Client s3;
  private Path image;
  private BundleResult bundle;

  @BeforeEach
  void setUp() throws Exception {
    server = S3ProxyServer.start(Files.createDirectory(work.resolve("s3")));
    s3 = S3Clients.create(server.settings());
    bundle = S3TestBundles.bundle(work, 3);
    image = work.resolve("web.img");
  }

  @AfterEach
  void tearDown() throws Exception {
    s3.close();
    server.close();
  }

  private UploadRequest uploadRequest() {
    return new UploadRequest(
        bundle.manifestFile(),
        bundle.manifestFile().getParent(),
        LOCATION,
        Optional.of("public-read"),
        0,
        false,
        Optional.empty());
  }

  private List<String> keysInBucket() {
    return S3ProxyServer.keys(s3, LOCATION.bucket());
  }

  @Test
  void upload_thenDownload_thenUnbundle_isByteExact() throws IOException {
    S3TestBundles.Recorder uploaded = new S3TestBundles.Recorder();
    String manifestKey = new BundleUploader(s3, 4, uploaded).upload(uploadRequest());

    assertEquals("web/v1/web.img.manifest.xml", manifestKey);
    assertEquals(bundle.partFiles().size() + 1, keysInBucket().size());
    assertEquals(
        manifestKey, uploaded.transferred.get(uploaded.transferred.size() - 1), "manifest last");

    Path downloaded = Files.createDirectory(work.resolve("downloaded"));
    Path manifest =
        new BundleDownloader(s3, 4, TransferListener.NONE)
            .download(LOCATION, "web.img.manifest.xml", downloaded);
    for (Path part : bundle.partFiles()) {
      assertEquals(-1, Files.mismatch(part, downloaded.resolve(part.getFileName())));
    }
    assertEquals(-1, Files.mismatch(bundle.manifestFile(), manifest));

    Path out = Files.createDirectory(work.resolve("out"));
    new Unbundler()
        .unbundle(
            UnbundleRequest.of(
                manifest, PemFiles.readPrivateKey(TestData.userKey()), ImageTarget.directory(out)));
    assertEquals(-1, Files.mismatch(image, out.resolve("web.img")));
  }

  @Test
  void aManifestOf64MiBAndOneByteInS3_isRefusedUnread_byDownloadAndMigrate() throws IOException {
    new BundleUploader(s3, 4, TransferListener.NONE).upload(uploadRequest());
    s3.putObject(
        b -> b.bucket(LOCATION.bucket()).key(LOCATION.key("huge.manifest.xml")),
        RequestBody.fromBytes(new byte[ManifestReader.MAX_BYTES + 1]));
    Path downloaded = Files.createDirectory(work.resolve("downloaded"));

    BadInputException direct =
        assertThrows(
            BadInputException.class,
            () -> BundleDownloader.manifest(s3, LOCATION, "huge.manifest.xml"));
    BadInputException download =
        assertThrows(
            BadInputException.class,
            () ->
                new BundleDownloader(s3, 4, TransferListener.NONE)
                    .download(LOCATION, "huge.manifest.xml", downloaded));

    for (BadInputException e : List.of(direct, download)) {
      assertTrue(
          e.getMessage().contains("holds 67108865 bytes, but a manifest is at most"),
          e.getMessage());
    }
    try (Stream<Path> files = Files.list(downloaded)) {
      assertEquals(0, files.count());
    }
  }

  @Test
  void downloadAndUnbundle_streamsPartsFromS3WithNoLocalCopies() throws IOException {
    new BundleUploader(s3, 4, TransferListener.NONE).upload(uploadRequest());
    byte[] raw = S3Objects.get(s3, LOCATION, "web.img.manifest.xml");
    Path out = Files.createDirectory(work.resolve("out"));

    new Unbundler()
        .unbundle(
            new UnbundleRequest(
                ManifestReader.read(raw),
                PartSource.fetched(BundleDownloader.partFetcher(s3, LOCATION)),
                PemFiles.readPrivateKey(TestData.userKey()),
                SignatureCheck.none(),
                ImageTarget.directory(out)));

    assertEquals(-1, Files.mismatch(image, out.resolve("web.img")));
    try (Stream<Path> files = Files.list(out)) {
      assertEquals(1, files.count(), "only the image, no part files");
    }
  }

  @Test
  void uploadAfterAnInterruptedOne_sendsOnlyWhatIsMissing() throws IOException {
    new BundleUploader(s3, 4, TransferListener.NONE).upload(uploadRequest());
    String lost1 = LOCATION.key(bundle.partFiles().get(1).getFileName().toString());
    String lost2 = LOCATION.key(bundle.partFiles().get(4).getFileName().toString());
    s3.deleteObject(b -> b.bucket(LOCATION.bucket()).key(lost1));
    s3.deleteObject(b -> b.bucket(LOCATION.bucket()).key(lost2));

    S3TestBundles.Recorder again = new S3TestBundles.Recorder();
    new BundleUploader(s3, 4, again).upload(uploadRequest());

    assertEquals(
        List.of(lost1, lost2, LOCATION.key("web.img.manifest.xml")).stream().sorted().toList(),
        again.transferred.stream().sorted().toList());
    assertEquals(bundle.partFiles().size() - 2, again.skipped.size());
  }

  @Test
  void damagedPartInS3_isRefusedAndNothingIsLeftUnderItsName() throws IOException {
    new BundleUploader(s3, 4, TransferListener.NONE).upload(uploadRequest());
    String damaged = LOCATION.key(bundle.partFiles().get(2).getFileName().toString());
    s3.putObject(
        b -> b.bucket(LOCATION.bucket()).key(damaged), RequestBody.fromString("not the part"));
    Path downloaded = Files.createDirectory(work.resolve("downloaded"));

    IntegrityException failure =
        assertThrows(
            IntegrityException.class,
            () ->
                new BundleDownloader(s3, 4, TransferListener.NONE)
                    .download(LOCATION, "web.img.manifest.xml", downloaded));
    assertTrue(failure.getMessage().contains(damaged), failure.getMessage());
    assertFalse(Files.exists(downloaded.resolve(bundle.partFiles().get(2).getFileName())));
    assertFalse(Files.exists(downloaded.resolve("web.img.manifest.xml")));
  }

  @Test
  void deleteByManifest_leavesTheBucketEmpty_thenClearRemovesIt() throws IOException {
    new BundleUploader(s3, 4, TransferListener.NONE).upload(uploadRequest());
    BundleDeleter deleter = new BundleDeleter(s3, 8, TransferListener.NONE);

    deleter.delete(
        LOCATION.bucket(),
        BundleDeleter.keysOf(
            ManifestReader.read(bundle.manifestFile()).manifest(),
            LOCATION,
            "web.img.manifest.xml"));
    assertEquals(List.of(), keysInBucket());
    deleter.deleteBucket(LOCATION.bucket());
    assertFalse(
        s3.listBuckets().buckets().stream().anyMatch(b -> b.name().equals(LOCATION.bucket())));
  }

  @Test
  void deleteByPrefix_findsEveryPageOf1200Objects_andOnlyBundleObjects() throws IOException {
    s3.createBucket(b -> b.bucket(LOCATION.bucket()));
    IntStream.range(0, 1200)
        .parallel()
        .forEach(
            i ->
                s3.putObject(
                    b -> b.bucket(LOCATION.bucket()).key(LOCATION.key("big.part." + i)),
                    RequestBody.fromString("x")));
    s3.putObject(
        b -> b.bucket(LOCATION.bucket()).key(LOCATION.key("big.manifest.xml")),
        RequestBody.fromString("m"));
    List<String> keep =
        List.of(LOCATION.key("big.part.notes"), LOCATION.key("bigger.part.1"), "other/big.part.0");
    for (String key : keep) {
      s3.putObject(b -> b.bucket(LOCATION.bucket()).key(key), RequestBody.fromString("keep"));
    }
    BundleDeleter deleter = new BundleDeleter(s3, 8, TransferListener.NONE);

    List<String> found = deleter.find(LOCATION, "big");
    assertEquals(1201, found.size());
    assertTrue(found.contains(LOCATION.key("big.manifest.xml")));
    deleter.delete(LOCATION.bucket(), found);

    assertEquals(keep.stream().sorted().toList(), keysInBucket());
  }

  @Test
  void wrongSecretKey_isARefusalThatSaysWhatToCheck() throws IOException {
    try (S3Client wrong = S3Clients.create(server.settings("not-the-secret"))) {
      RemoteRefusedException failure =
          assertThrows(
              RemoteRefusedException.class,
              () -> new BundleUploader(wrong, 2, TransferListener.NONE).upload(uploadRequest()));
      assertTrue(failure.getMessage().contains("secret key"), failure.getMessage());
      assertFalse(failure.getMessage().contains("not-the-secret"));
    }
  }

  @Test
  void unreachableEndpoint_isReportedAsSuch() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    S3Settings settings = server.settings();
    S3Settings nowhere =
        new S3Settings(
            settings.credentials(),
            Optional.empty(),
            "us-east-1",
            Optional.of(URI.create("http://127.0.0.1:" + closedPort)),
            true,
            2,
            2);
    try (S3Client unreachable = S3Clients.create(nowhere)) {
      assertThrows(
          RemoteUnreachableException.class,
          () -> new BundleUploader(unreachable, 2, TransferListener.NONE).upload(uploadRequest()));
    }
  }

  @Test
  void bucketAndPrefix_areParsedAsTheReferenceParsesThem() {
    assertEquals(new S3Location("mybucket", "amis/web/"), S3Location.parse("/mybucket/amis/web/"));
    assertEquals(new S3Location("mybucket", ""), S3Location.parse("mybucket"));
    assertEquals("a/b/x.part.0", S3Location.parse("bucket/a/b").key("x.part.0"));
  }
}
