package org.amibundle.bundle.testing;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.amibundle.bundle.s3.S3Credentials;
import org.amibundle.bundle.s3.S3Settings;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/** A real S3-compatible server (S3Proxy, filesystem backend) on a free loopback port. */
public final class S3ProxyServer implements AutoCloseable {

  public static final String ACCESS_KEY = "test-access-key";
  public static final String SECRET_KEY = "test-secret-key";

  private final S3Proxy proxy;
  private final BlobStoreContext context;

  private S3ProxyServer(S3Proxy proxy, BlobStoreContext context) {
    this.proxy = proxy;
    this.context = context;
  }

  public static S3ProxyServer start(Path storage) throws Exception {
    Properties properties = new Properties();
    properties.setProperty("jclouds.filesystem.basedir", storage.toString());
    BlobStoreContext context =
        ContextBuilder.newBuilder("filesystem")
            .credentials("identity", "credential")
            .overrides(properties)
            .build(BlobStoreContext.class);
    S3Proxy proxy =
        S3Proxy.builder()
            .blobStore(context.getBlobStore())
            .endpoint(URI.create("http://127.0.0.1:0"))
            .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
            .build();
    proxy.start();
    for (int i = 0; i < 500 && !proxy.getState().equals("STARTED"); i++) {
      Thread.sleep(10);
    }
    return new S3ProxyServer(proxy, context);
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + proxy.getPort());
  }

  public S3Settings settings() {
    return settings(SECRET_KEY);
  }

  /**
   * Settings for reaching this server at {@code endpoint} (a proxy in front of it), {@code
   * attempts} per request.
   */
  public S3Settings settingsThrough(URI endpoint, int attempts) {
    return settingsThrough(endpoint, attempts, "us-east-1");
  }

  /** As {@link #settingsThrough(URI, int)}, the client in {@code region}. */
  public S3Settings settingsThrough(URI endpoint, int attempts, String region) {
    return new S3Settings(
        settings().credentials(),
        Optional.empty(),
        region,
        Optional.of(endpoint),
        true,
        attempts,
        4);
  }

  public S3Settings settings(String secretKey) {
    return new S3Settings(
        Optional.of(new S3Credentials(ACCESS_KEY, secretKey, Optional.empty())),
        Optional.empty(),
        "us-east-1",
        Optional.of(endpoint()),
        true,
        2,
        4);
  }

  /** The keys of every object in {@code bucket}, sorted. */
  public static List<String> keys(S3Client s3, String bucket) {
    return s3.listObjectsV2Paginator(b -> b.bucket(bucket)).contents().stream()
        .map(S3Object::key)
        .filter(key -> !key.endsWith("/")) // the filesystem backend lists its directories
        .sorted()
        .toList();
  }

  @Override
  public void close() throws Exception {
    proxy.stop();
    context.close();
  }
}
