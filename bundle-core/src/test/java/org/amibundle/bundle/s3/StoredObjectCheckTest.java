package org.amibundle.bundle.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.amibundle.IntegrityException;
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

/**
 * After every PUT the stored object is checked against what was sent: a server that answers a PUT
 * of a part with an ETag that is not the part's MD5, or that keeps a part of another size, fails
 * the upload naming the part, and the manifest is never uploaded. The fault proxy stands for such a
 * server in front of S3Proxy; the requests themselves show what was sent.
 */
class StoredObjectCheckTest {

  private static final S3Location LOCATION = S3Location.parse("amis/web");
  private static final String PART_PUT = "/amis/web/web\\.img\\.part\\.0?1";

  @TempDir Path work;
  private S3ProxyServer server;
  private FaultProxy proxy;
  private S3Client s3;
  private BundleResult bundle;

  @BeforeEach
  void setUp() throws Exception {
    server = S3ProxyServer.start(Files.createDirectory(work.resolve("s3")));
    proxy = FaultProxy.start(server.endpoint());
    s3 = S3Clients.create(server.settingsThrough(proxy.endpoint(), 1));
    bundle = S3TestBundles.bundle(work, 5, 256 * 1024);
  }

  @AfterEach
  void tearDown() throws Exception {
    s3.close();
    proxy.close();
    server.close();
  }

  private String upload() throws IOException {
    return new BundleUploader(s3, 2, TransferListener.NONE)
        .upload(
            new UploadRequest(
                bundle.manifestFile(),
                bundle.manifestFile().getParent(),
                LOCATION,
                Optional.empty(),
                0,
                false,
                Optional.empty()));
  }

  private boolean manifestStored() {
    return S3ProxyServer.keys(s3, "amis").contains("web/web.img.manifest.xml");
  }

  @Test
  void aPartStoredUnderAnotherMd5_failsNamingIt_andNoManifestIsUploaded() {
    proxy.onEvery(
        "PUT", PART_PUT, new Fault.ResponseHeader("ETag", "\"0123456789abcdef0123456789abcdef\""));

    IntegrityException failure = assertThrows(IntegrityException.class, this::upload);

    assertTrue(
        failure.getMessage().matches("(?s).*web/web\\.img\\.part\\.0?1 .*"), failure.getMessage());
    assertTrue(
        failure.getMessage().contains("0123456789abcdef0123456789abcdef"), failure.getMessage());
    assertFalse(manifestStored());
  }

  @Test
  void anOpaqueEtagWithTheWrongStoredSize_failsNamingIt_andNoManifestIsUploaded() {
    // A server whose ETags are no MD5 (as with KMS encryption) is asked for the stored size.
    proxy.onEvery("PUT", PART_PUT, new Fault.ResponseHeader("ETag", "\"opaque-1\""));
    proxy.onEvery("HEAD", PART_PUT, new Fault.ResponseHeader("Content-Length", "262200"));

    IntegrityException failure = assertThrows(IntegrityException.class, this::upload);

    assertTrue(
        failure.getMessage().matches("(?s).*web/web\\.img\\.part\\.0?1 .*"), failure.getMessage());
    assertTrue(failure.getMessage().contains("262200 bytes"), failure.getMessage());
    assertFalse(manifestStored());
  }

  @Test
  void anOpaqueEtagWithTheRightStoredSize_isAccepted() throws IOException {
    proxy.onEvery("PUT", PART_PUT, new Fault.ResponseHeader("ETag", "\"opaque-1\""));

    assertEquals("web/web.img.manifest.xml", upload());

    long heads =
        proxy.requests().stream()
            .filter(r -> r.method().equals("HEAD") && r.path().matches(PART_PUT))
            .count();
    // One HEAD before the PUT (is it there already?), one after it for the size.
    assertEquals(2, heads);
  }

  @Test
  void everyPut_carriesContentMd5_andNoAwsChunkedFraming() throws IOException {
    upload();

    var puts =
        proxy.requests().stream()
            .filter(r -> r.method().equals("PUT") && r.path().startsWith("/amis/web/"))
            .toList();
    assertEquals(bundle.partFiles().size() + 1, puts.size());
    for (FaultProxy.Request put : puts) {
      assertTrue(put.header("content-md5").isPresent(), put.path());
      assertFalse(put.header("content-encoding").orElse("").contains("aws-chunked"), put.path());
      assertFalse(
          put.header("x-amz-content-sha256").orElse("").startsWith("STREAMING-"), put.path());
      assertEquals(
          Long.parseLong(put.header("content-length").orElseThrow()), put.bodyLength(), put.path());
    }
  }
}
