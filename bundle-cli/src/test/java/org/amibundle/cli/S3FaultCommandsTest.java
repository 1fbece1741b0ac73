package org.amibundle.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.amibundle.bundle.testing.FaultProxy;
import org.amibundle.bundle.testing.FaultProxy.Fault;
import org.amibundle.bundle.testing.S3ProxyServer;
import org.amibundle.testing.TestData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * upload-bundle through a fault-injecting proxy: --retry, --acl on the wire, --location (exit 10).
 */
class S3FaultCommandsTest {

  private static final Map<String, String> SECRET =
      Map.of("AWS_SECRET_ACCESS_KEY", S3ProxyServer.SECRET_KEY);
  private static final String PART_0 = "/images/app/v1/app\\.img\\.part\\.0";

  @TempDir Path work;
  private S3ProxyServer server;
  private FaultProxy proxy;
  private Path manifest;

  @BeforeEach
  void bundleAnImage() throws Exception {
    server = S3ProxyServer.start(Files.createDirectory(work.resolve("s3")));
    proxy = FaultProxy.start(server.endpoint());
    byte[] image = new byte[1_500_000];
    new Random(9).nextBytes(image);
    Files.write(work.resolve("app.img"), image);
    manifest =
        CliRun.bundleImage(work.resolve("app.img"), TestData.ec2Cert())
            .resolve("app.img.manifest.xml");
  }

  @AfterEach
  void stop() throws Exception {
    proxy.close();
    server.close();
  }

  private CliRun upload(String... args) {
    List<String> all =
        new ArrayList<>(
            List.of(
                "upload-bundle",
                "-b",
                "images/app/v1",
                "-a",
                S3ProxyServer.ACCESS_KEY,
                "--url",
                proxy.endpoint().toString(),
                "-m",
                manifest.toString()));
    all.addAll(List.of(args));
    return CliRun.withInput(new byte[0], SECRET, all.toArray(String[]::new));
  }

  private List<FaultProxy.Request> objectPuts() {
    return proxy.requests().stream()
        .filter(r -> r.method().equals("PUT") && r.path().startsWith("/images/"))
        .toList();
  }

  @Test
  void threeRefusals_failWithExit3NamingThePart_butRetryOutlastsFour() {
    proxy.onFirst(3, "PUT", PART_0, Fault.internalError());
    CliRun once = upload("--acl", "public-read");
    assertEquals(3, once.exitCode(), once.toString());
    assertTrue(
        once.stderr().contains("app.img.part.0") && once.stderr().contains("InternalError"),
        once.stderr());

    proxy.clearFaults();
    proxy.onFirst(4, "PUT", PART_0, Fault.slowDown());
    CliRun retried = upload("--retry", "--acl", "public-read");
    assertEquals(0, retried.exitCode(), retried.toString());
    assertEquals(3 + 5, objectPuts().stream().filter(r -> r.path().matches(PART_0)).count());
  }

  @Test
  void acl_isAwsExecReadByDefault_andAbsentWithNone() {
    // S3Proxy refuses aws-exec-read: the proxy records the object PUTs and answers them itself.
    proxy.onEvery("PUT", "/images/.+", new Fault.Answer(200, ""));

    assertEquals(0, upload().exitCode());
    List<FaultProxy.Request> byDefault = objectPuts();
    assertTrue(byDefault.size() >= 2, byDefault.toString());
    byDefault.forEach(
        put -> assertEquals(Optional.of("aws-exec-read"), put.header("x-amz-acl"), put.path()));

    CliRun none = upload("--acl", "none");
    assertEquals(0, none.exitCode(), none.toString());
    List<FaultProxy.Request> withNone = objectPuts().subList(byDefault.size(), objectPuts().size());
    assertEquals(byDefault.size(), withNone.size());
    withNone.forEach(put -> assertEquals(Optional.empty(), put.header("x-amz-acl"), put.path()));
    withNone.forEach(put -> assertTrue(put.header("content-md5").isPresent(), put.path()));
  }

  @Test
  void bucketInAnotherLocation_exits10_beforeUploadingAnything() {
    assertEquals(0, upload("--skipmanifest", "--part", "99").exitCode(), "creates the bucket");
    proxy.onEvery(
        "GET",
        "/images",
        new Fault.Answer(
            200,
            "<LocationConstraint"
                + " xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">EU</LocationConstraint>"));

    CliRun elsewhere = upload("--location", "us-west-2");
    assertEquals(ExitCodes.BUCKET_ELSEWHERE, elsewhere.exitCode(), elsewhere.toString());
    assertEquals(10, ExitCodes.BUCKET_ELSEWHERE);
    assertTrue(
        elsewhere.stderr().contains("ERROR: bucket images is in eu-west-1, not in us-west-2"),
        elsewhere.stderr());
    assertEquals(List.of(), objectPuts());

    CliRun there = upload("--location", "eu-west-1", "--acl", "public-read");
    assertEquals(0, there.exitCode(), there.toString());
  }
}
