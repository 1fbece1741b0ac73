package org.amibundle.bundle.s3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.amibundle.BadInputException;
import org.amibundle.RemoteRefusedException;
import org.amibundle.RemoteUnreachableException;
import org.amibundle.bundle.BundleResult;
import org.amibundle.bundle.testing.FaultProxy;
import org.amibundle.bundle.testing.FaultProxy.Fault;
import org.amibundle.bundle.testing.S3ProxyServer;
import org.amibundle.bundle.testing.S3TestBundles;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Uploads and downloads through a fault-injecting proxy in front of S3Proxy: S3 errors, resets, cut
 * bodies and slow answers are retried to a correct result, or fail naming the object with nothing
 * wrong left behind; and what goes on the wire (ACL, Content-MD5, bucket location).
 */
class S3FaultTest {

  private static final S3Location LOCATION = S3Location.parse("/amis/web/v1/");
  private static final String MANIFEST = "web.img.manifest.xml";
  private static final int ATTEMPTS = 3;

  @TempDir Path work;
  private S3ProxyServer server;
  private FaultProxy proxy;
  private S3Client direct;
  private S3Client faulty;
  private BundleResult bundle;

  @BeforeEach
  void setUp() throws Exception {
    server = S3ProxyServer.start(Files.createDirectory(work.resolve("s3")));
    proxy = FaultProxy.start(server.endpoint());
    direct = S3Clients.create(server.settings());
    faulty = S3Clients.create(throughProxy(ATTEMPTS));
    bundle = S3TestBundles.bundle(work, 5);
    assertTrue(
        bundle.partFiles().size() >= 5, "enough parts to break some: " + bundle.partFiles().size());
  }

  @AfterEach
  void tearDown() throws Exception {
    faulty.close();
    direct.close();
    proxy.close();
    server.close();
  }

  private S3Settings throughProxy(int attempts) {
    return server.settingsThrough(proxy.endpoint(), attempts);
  }

  private UploadRequest upload(Optional<String> acl, Optional<String> bucketLocation) {
    return new UploadRequest(
        bundle.manifestFile(),
        bundle.manifestFile().getParent(),
        LOCATION,
        acl,
        0,
        false,
        bucketLocation);
  }

  private UploadRequest upload() {
    return upload(Optional.of("public-read"), Optional.empty());
  }

  private String partName(int index) {
    return bundle.partFiles().get(index).getFileName().toString();
  }

  /** The path of a part's object on the wire (path-style addressing), as a regex. */
  private String partPath(int index) {
    return "/" + LOCATION.bucket() + "/" + Pattern.quote(LOCATION.key(partName(index)));
  }

  private List<String> keysInBucket() {
    return direct.listObjectsV2Paginator(b -> b.bucket(LOCATION.bucket())).contents().stream()
        .map(S3Object::key)
        .filter(key -> !key.endsWith("/")) // the filesystem backend lists its directories
        .sorted()
        .toList();
  }

  /** Every object in S3 is byte for byte the local file of its name. */
  private void assertObjectsAreTheLocalFiles() throws IOException {
    for (String key : keysInBucket()) {
      Path local = bundle.manifestFile().resolveSibling(key.substring(LOCATION.prefix().length()));
      byte[] stored =
          direct.getObjectAsBytes(b -> b.bucket(LOCATION.bucket()).key(key)).asByteArray();
      assertArrayEquals(Files.readAllBytes(local), stored, key);
    }
  }

  private long putsOf(int part) {
    return proxy.requests().stream()
        .filter(r -> r.method().equals("PUT") && r.path().matches(partPath(part)))
        .count();
  }

  @Test
  void upload_through500AndSlowDown_succeeds_andEveryObjectIsIntact() throws IOException {
    proxy
        .onNth(1, "PUT", partPath(1), Fault.internalError())
        .onNth(1, "PUT", partPath(3), Fault.slowDown());

    new BundleUploader(faulty, 4, TransferListener.NONE).upload(upload());

    assertEquals(2, proxy.applied().size(), "both faults happened");
    assertEquals(2, putsOf(1), "part 1 sent again");
    assertEquals(2, putsOf(3), "part 3 sent again");
    assertEquals(bundle.partFiles().size() + 1, keysInBucket().size());
    assertObjectsAreTheLocalFiles();
  }

  @Test
  void download_throughTruncatedBodyAndReset_succeeds_withCheckedBytes() throws IOException {
    new BundleUploader(direct, 4, TransferListener.NONE).upload(upload());
    proxy
        .onNth(1, "GET", partPath(1), new Fault.TruncatedBody())
        .onNth(1, "GET", partPath(2), new Fault.Reset());
    Path downloaded = Files.createDirectory(work.resolve("downloaded"));

    new BundleDownloader(faulty, 4, TransferListener.NONE).download(LOCATION, MANIFEST, downloaded);

    assertEquals(2, proxy.applied().size(), "both faults happened");
    for (Path part : bundle.partFiles()) {
      assertEquals(
          -1, Files.mismatch(part, downloaded.resolve(part.getFileName())), part.toString());
    }
    assertEquals(-1, Files.mismatch(bundle.manifestFile(), downloaded.resolve(MANIFEST)));
    assertEquals(List.of(), hiddenFiles(downloaded));
  }

  @Test
  void partRefusedOnEveryAttempt_failsNamingIt_noManifestInS3_thenAnUploadSendsOnlyWhatIsMissing()
      throws IOException {
    proxy.onEvery("PUT", partPath(2), Fault.internalError());

    RemoteRefusedException failure =
        assertThrows(
            RemoteRefusedException.class,
            () -> new BundleUploader(faulty, 4, TransferListener.NONE).upload(upload()));

    assertTrue(failure.getMessage().contains(partName(2)), failure.getMessage());
    assertTrue(failure.getMessage().contains("InternalError"), failure.getMessage());
    assertEquals(ATTEMPTS, putsOf(2), "one PUT per attempt");
    List<String> stored = keysInBucket();
    assertFalse(stored.contains(LOCATION.key(MANIFEST)), "the manifest goes last: " + stored);
    assertFalse(stored.contains(LOCATION.key(partName(2))));
    assertObjectsAreTheLocalFiles();

    proxy.clearFaults();
    S3TestBundles.Recorder again = new S3TestBundles.Recorder();
    new BundleUploader(faulty, 4, again).upload(upload());

    List<String> missing = new ArrayList<>();
    for (int i = 0; i < bundle.partFiles().size(); i++) {
      if (!stored.contains(LOCATION.key(partName(i)))) {
        missing.add(LOCATION.key(partName(i)));
      }
    }
    missing.add(LOCATION.key(MANIFEST));
    assertEquals(missing.stream().sorted().toList(), again.transferred.stream().sorted().toList());
    assertEquals(stored, again.skipped.stream().sorted().toList());
    assertObjectsAreTheLocalFiles();
    assertEquals(bundle.partFiles().size() + 1, keysInBucket().size());
  }

  @Test
  void partResetOnEveryAttempt_isUnreachableNamingIt() {
    proxy.onEvery("PUT", partPath(0), new Fault.Reset());

    RemoteUnreachableException failure =
        assertThrows(
            RemoteUnreachableException.class,
            () -> new BundleUploader(faulty, 4, TransferListener.NONE).upload(upload()));

    assertTrue(failure.getMessage().contains(partName(0)), failure.getMessage());
    assertEquals(ATTEMPTS, putsOf(0));
    assertFalse(keysInBucket().contains(LOCATION.key(MANIFEST)));
  }

  @Test
  void moreAttempts_outlastMoreFaults() throws IOException {
    proxy.onFirst(4, "PUT", partPath(1), Fault.slowDown());

    try (S3Client patient = S3Clients.create(throughProxy(5))) {
      new BundleUploader(patient, 4, TransferListener.NONE).upload(upload());
    }

    assertEquals(5, putsOf(1), "four refusals, then the fifth attempt");
    assertObjectsAreTheLocalFiles();
  }

  @Test
  void downloadFailingOnEveryAttempt_leavesNothingUnderTheFailedNames_andOnlyCheckedParts()
      throws IOException {
    new BundleUploader(direct, 4, TransferListener.NONE).upload(upload());
    proxy.onEvery("GET", partPath(3), new Fault.TruncatedBody());
    Path downloaded = Files.createDirectory(work.resolve("downloaded"));

    RemoteUnreachableException failure =
        assertThrows(
            RemoteUnreachableException.class,
            () ->
                new BundleDownloader(faulty, 4, TransferListener.NONE)
                    .download(LOCATION, MANIFEST, downloaded));

    assertTrue(failure.getMessage().contains(LOCATION.key(partName(3))), failure.getMessage());
    assertFalse(Files.exists(downloaded.resolve(partName(3))));
    assertFalse(Files.exists(downloaded.resolve(MANIFEST)));
    assertEquals(List.of(), hiddenFiles(downloaded), "no temporary files left");
    try (Stream<Path> files = Files.list(downloaded)) {
      for (Path file : files.toList()) {
        assertEquals(
            -1,
            Files.mismatch(bundle.manifestFile().resolveSibling(file.getFileName()), file),
            file.toString());
      }
    }
  }

  @Test
  void slowAnswers_withinTheTimeouts_succeed() throws IOException {
    proxy
        .onEvery("PUT", partPath(0), new Fault.Delay(Duration.ofMillis(1500)))
        .onEvery("GET", partPath(1), new Fault.Delay(Duration.ofMillis(1500)));
    new BundleUploader(faulty, 4, TransferListener.NONE).upload(upload());
    Path downloaded = Files.createDirectory(work.resolve("downloaded"));

    new BundleDownloader(faulty, 4, TransferListener.NONE).download(LOCATION, MANIFEST, downloaded);

    assertEquals(2, proxy.applied().size());
    for (Path part : bundle.partFiles()) {
      assertEquals(
          -1, Files.mismatch(part, downloaded.resolve(part.getFileName())), part.toString());
    }
  }

  // What goes on the wire. S3Proxy refuses aws-exec-read, so for the default ACL the proxy records
  // the object PUTs and answers them itself (200 and the ETag S3 would give); the bucket itself is
  // created at S3Proxy.

  private List<FaultProxy.Request> objectPuts() {
    return proxy.requests().stream()
        .filter(r -> r.method().equals("PUT") && r.path().startsWith("/" + LOCATION.bucket() + "/"))
        .toList();
  }

  @Test
  void defaultAcl_isAwsExecRead_onEveryObject_withContentMd5() throws Exception {
    proxy.onEvery("PUT", "/amis/.+", new Fault.Answer(200, ""));

    new BundleUploader(faulty, 4, TransferListener.NONE)
        .upload(upload(Optional.of(UploadRequest.DEFAULT_ACL), Optional.empty()));

    List<FaultProxy.Request> puts = objectPuts();
    assertEquals(bundle.partFiles().size() + 1, puts.size());
    for (FaultProxy.Request put : puts) {
      assertEquals(Optional.of("aws-exec-read"), put.header("x-amz-acl"), put.path());
      Path local =
          bundle
              .manifestFile()
              .resolveSibling(put.path().substring(put.path().lastIndexOf('/') + 1));
      String md5 =
          Base64.getEncoder()
              .encodeToString(MessageDigest.getInstance("MD5").digest(Files.readAllBytes(local)));
      assertEquals(Optional.of(md5), put.header("content-md5"), put.path());
    }
  }

  @Test
  void publicReadAcl_isSent_andS3ProxyTakesIt() throws IOException {
    new BundleUploader(faulty, 4, TransferListener.NONE)
        .upload(upload(Optional.of("public-read"), Optional.empty()));

    List<FaultProxy.Request> puts = objectPuts();
    assertEquals(bundle.partFiles().size() + 1, puts.size());
    puts.forEach(
        put -> assertEquals(Optional.of("public-read"), put.header("x-amz-acl"), put.path()));
    assertObjectsAreTheLocalFiles();
  }

  @Test
  void noAcl_sendsNoAclHeader() throws IOException {
    new BundleUploader(faulty, 4, TransferListener.NONE)
        .upload(upload(Optional.empty(), Optional.empty()));

    List<FaultProxy.Request> puts = objectPuts();
    assertEquals(bundle.partFiles().size() + 1, puts.size());
    puts.forEach(put -> assertEquals(Optional.empty(), put.header("x-amz-acl"), put.path()));
    puts.forEach(put -> assertTrue(put.header("content-md5").isPresent(), put.path()));
  }

  // Bucket location.

  private static String locationAnswer(String constraint) {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        + "<LocationConstraint xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
        + constraint
        + "</LocationConstraint>";
  }

  @Test
  void missingBucket_isCreatedInTheRequestedLocation() throws IOException {
    // S3Proxy gives even a missing bucket a location, where S3 answers 404, and knows no
    // eu-west-1: the proxy answers both as S3 would, and the bucket is made at S3Proxy directly.
    proxy
        .onNth(
            1,
            "GET",
            "/amis",
            new Fault.ErrorAnswer(404, "NoSuchBucket", "The specified bucket does not exist"))
        .onNth(1, "PUT", "/amis", new Fault.Answer(200, ""));
    direct.createBucket(b -> b.bucket(LOCATION.bucket()));

    new BundleUploader(faulty, 4, TransferListener.NONE)
        .upload(upload(Optional.of("public-read"), Optional.of("eu-west-1")));

    FaultProxy.Request create =
        proxy.requests().stream()
            .filter(r -> r.method().equals("PUT") && r.path().equals("/amis"))
            .findFirst()
            .orElseThrow();
    assertTrue(
        create.smallBody().contains("<LocationConstraint>eu-west-1</LocationConstraint>"),
        create.smallBody());
    assertEquals(2, proxy.applied().size());
    assertObjectsAreTheLocalFiles();
  }

  @Test
  void bucketInAnotherLocation_isRefusedBeforeAnyObjectIsSent() throws IOException {
    direct.createBucket(b -> b.bucket(LOCATION.bucket()));
    proxy.onEvery("GET", "/amis", new Fault.Answer(200, locationAnswer("EU")));

    BadInputException failure =
        assertThrows(
            BadInputException.class,
            () ->
                new BundleUploader(faulty, 4, TransferListener.NONE)
                    .upload(upload(Optional.of("public-read"), Optional.of("us-west-2"))));

    assertTrue(
        failure.getMessage().contains("amis is in eu-west-1, not in us-west-2"),
        failure.getMessage());
    assertEquals(List.of(), objectPuts());
    assertEquals("location", proxy.requests().get(0).query().replace("=", ""));
  }

  @Test
  void bucketInTheRequestedLocation_underEitherName_isUsed() throws IOException {
    direct.createBucket(b -> b.bucket(LOCATION.bucket()));
    proxy.onEvery("GET", "/amis", new Fault.Answer(200, locationAnswer("EU")));

    new BundleUploader(faulty, 4, TransferListener.NONE)
        .upload(upload(Optional.of("public-read"), Optional.of("eu-west-1")));

    assertEquals(bundle.partFiles().size() + 1, objectPuts().size());
    assertFalse(
        proxy.requests().stream()
            .anyMatch(r -> r.method().equals("PUT") && r.path().equals("/amis")),
        "not created again");
  }

  @Test
  void locationConstraints_nameTheirRegions() {
    assertEquals("us-east-1", BucketLocations.region(null));
    assertEquals("us-east-1", BucketLocations.region(""));
    assertEquals("us-east-1", BucketLocations.region("US"));
    assertEquals("eu-west-1", BucketLocations.region("EU"));
    assertEquals("ap-southeast-2", BucketLocations.region("ap-southeast-2"));
    assertEquals(Optional.empty(), BucketLocations.mismatch("b", "eu-west-1", "EU"));
    assertEquals(Optional.empty(), BucketLocations.mismatch("b", "us-east-1", "US"));
    assertTrue(BucketLocations.mismatch("b", "us-east-1", "eu-west-1").isPresent());
  }

  private static List<Path> hiddenFiles(Path directory) throws IOException {
    try (Stream<Path> files = Files.list(directory)) {
      return files.filter(f -> f.getFileName().toString().startsWith(".")).toList();
    }
  }
}
