package org.amibundle.bundle.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.amibundle.IntegrityException;
import org.amibundle.NotFoundException;
import org.amibundle.bundle.migrate.IdMapping;
import org.amibundle.bundle.migrate.MigrationRequest;
import org.amibundle.bundle.testing.FaultProxy;
import org.amibundle.bundle.testing.FaultProxy.Fault;
import org.amibundle.bundle.testing.S3ProxyServer;
import org.amibundle.bundle.testing.S3TestBundles;
import org.amibundle.manifest.keys.PemFiles;
import org.amibundle.testing.TestData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The library side of migrate-bundle through the fault proxy: a copy S3 reports with another ETag,
 * and a part missing at the source, fail naming the part with no manifest at the destination.
 */
class BundleMigratorTest {

  private static final S3Location SOURCE = S3Location.parse("amis/web");
  private static final S3Location DESTINATION = S3Location.parse("copies/web");
  private static final String MANIFEST = "web.img.manifest.xml";

  @TempDir Path work;
  private S3ProxyServer server;
  private FaultProxy proxy;
  private S3Client direct;
  private S3Client faulty;

  @BeforeEach
  void uploadABundle() throws Exception {
    Path manifest = S3TestBundles.bundle(work, 31).manifestFile();
    server = S3ProxyServer.start(Files.createDirectory(work.resolve("s3")));
    proxy = FaultProxy.start(server.endpoint());
    direct = S3Clients.create(server.settings());
    faulty = S3Clients.create(server.settingsThrough(proxy.endpoint(), 2));
    new BundleUploader(direct, 4, TransferListener.NONE)
        .upload(
            new UploadRequest(
                manifest,
                manifest.getParent(),
                SOURCE,
                Optional.of("public-read"),
                0,
                false,
                Optional.empty()));
  }

  @AfterEach
  void stop() throws Exception {
    faulty.close();
    direct.close();
    proxy.close();
    server.close();
  }

  private BundleMigrationRequest request(String workingCopy) throws Exception {
    return request(workingCopy, DESTINATION, Optional.empty());
  }

  /** To {@code destination}, created in {@code location} if it is missing. */
  private BundleMigrationRequest request(
      String workingCopy, S3Location destination, Optional<String> location) throws Exception {
    MigrationRequest migration =
        new MigrationRequest(
            work.resolve(workingCopy),
            PemFiles.readCertificate(TestData.userCert()).getPublicKey(),
            PemFiles.readPrivateKey(TestData.userKey()),
            PemFiles.readCertificate(TestData.userCert()).getPublicKey(),
            IdMapping.keep(),
            Optional.empty(),
            Optional.empty());
    return new BundleMigrationRequest(
        SOURCE, MANIFEST, destination, Optional.of("public-read"), location, migration);
  }

  private boolean destinationHasManifest() throws Exception {
    return S3Objects.head(direct, DESTINATION.bucket(), DESTINATION.key(MANIFEST)).isPresent();
  }

  /**
   * The destination bucket lives in another region than the client's (eu-west-1, the client
   * us-east-1): AWS redirects every request signed for the wrong region, and the client follows,
   * signing again for the bucket's region; the copy completes.
   */
  @Test
  void aDestinationInAnotherRegion_isReachedThroughS3sRedirects() throws Exception {
    for (String method : List.of("HEAD", "GET", "PUT")) {
      proxy.onEvery(method, "/copies(/.*)?", new Fault.BucketInRegion("eu-west-1"));
    }

    new BundleMigrator(faulty, 2, TransferListener.NONE).migrate(request("r.manifest.xml"));

    assertTrue(destinationHasManifest());
    List<FaultProxy.Request> manifestPuts =
        proxy.requests().stream()
            .filter(r -> r.method().equals("PUT") && r.path().endsWith("/" + MANIFEST))
            .toList();
    assertTrue(
        manifestPuts
            .get(manifestPuts.size() - 1)
            .header("authorization")
            .orElseThrow()
            .contains("/eu-west-1/s3/"),
        "the manifest's last PUT: " + manifestPuts.get(manifestPuts.size() - 1));
  }

  /**
   * A destination bucket to be created in eu-west-1 by a client in us-west-2: AWS creates a bucket
   * with a location constraint only from a request signed for that region, and the objects are then
   * reached through its redirects.
   */
  @Test
  void aDestinationCreatedInAnotherLocation_isCreatedThere() throws Exception {
    // The bucket is made on the server beforehand (S3Proxy takes no location constraint); to the
    // client it does not exist until it has created it, as S3 would answer.
    direct.createBucket(b -> b.bucket("faraway"));
    proxy.onFirst(
        1,
        "GET",
        "/faraway",
        new Fault.ErrorAnswer(404, "NoSuchBucket", "The specified bucket does not exist"));
    proxy.onEvery("PUT", "/faraway", new Fault.CreatedOnlyIn("eu-west-1"));
    for (String method : List.of("HEAD", "GET", "PUT")) {
      proxy.onEvery(method, "/faraway/.+", new Fault.BucketInRegion("eu-west-1"));
    }
    try (S3Client inUsWest2 =
        S3Clients.create(server.settingsThrough(proxy.endpoint(), 2, "us-west-2"))) {
      new BundleMigrator(inUsWest2, 2, TransferListener.NONE)
          .migrate(
              request("f.manifest.xml", S3Location.parse("faraway/web"), Optional.of("eu-west-1")));
    }

    assertTrue(S3Objects.head(direct, "faraway", "web/" + MANIFEST).isPresent());
  }

  @Test
  void aCopyWithAnotherEtag_isAnIntegrityFailureNamingThePart_andNoManifestIsWritten()
      throws Exception {
    proxy.onEvery(
        "PUT",
        "/copies/web/web\\.img\\.part\\.2",
        new Fault.Answer(
            200,
            "<CopyObjectResult><ETag>\"0123456789abcdef0123456789abcdef\"</ETag>"
                + "</CopyObjectResult>"));

    IntegrityException failure =
        assertThrows(
            IntegrityException.class,
            () ->
                new BundleMigrator(faulty, 2, TransferListener.NONE)
                    .migrate(request("a.manifest.xml")));

    assertTrue(failure.getMessage().contains("web.img.part.2"), failure.getMessage());
    assertTrue(
        failure.getMessage().contains("0123456789abcdef0123456789abcdef"), failure.getMessage());
    assertFalse(destinationHasManifest());
  }

  @Test
  void aPartMissingAtTheSource_isNotFoundNamingIt_andNoManifestIsWritten() throws Exception {
    direct.deleteObject(b -> b.bucket(SOURCE.bucket()).key(SOURCE.key("web.img.part.3")));

    NotFoundException failure =
        assertThrows(
            NotFoundException.class,
            () ->
                new BundleMigrator(direct, 2, TransferListener.NONE)
                    .migrate(request("b.manifest.xml")));

    assertTrue(failure.getMessage().contains("web.img.part.3"), failure.getMessage());
    assertFalse(destinationHasManifest());
  }

  @Test
  void anExistingWorkingCopy_isRefusedBeforeAnythingIsRead() throws Exception {
    Files.writeString(work.resolve("c.manifest.xml"), "mine");

    assertThrows(
        IllegalArgumentException.class,
        () ->
            new BundleMigrator(faulty, 2, TransferListener.NONE)
                .migrate(request("c.manifest.xml")));

    assertEquals("mine", Files.readString(work.resolve("c.manifest.xml")));
    assertEquals(0, proxy.requests().size());
  }
}
