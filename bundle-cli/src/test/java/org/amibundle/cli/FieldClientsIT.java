package org.amibundle.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.amibundle.bundle.BundleResult;
import org.amibundle.bundle.s3.S3Clients;
import org.amibundle.bundle.testing.FaultProxy;
import org.amibundle.bundle.testing.S3ProxyServer;
import org.amibundle.bundle.testing.S3TestBundles;
import org.amibundle.testing.ExternalTool;
import org.amibundle.testing.TestData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The assembled distribution as real clients and real AWS setups drive it: Packer's default
 * amazon-instance commands word for word, and credentials from assume-role, web-identity,
 * credential_process and SSO profiles and a container credential endpoint, every endpoint on
 * loopback (S3Proxy behind a recording proxy, an STS stand-in), the instance-metadata service
 * disabled.
 */
class FieldClientsIT {

  private static final Path BIN = Path.of(System.getProperty("amibundle.distribution"), "bin");

  /**
   * Packer's defaults (builder/instance/builder.go of its amazon plugin), as its users get them.
   */
  private static final String PACKER_BUNDLE_VOL =
      "ec2-bundle-vol -k {{.KeyPath}} -u {{.AccountId}} -c {{.CertPath}} -r {{.Architecture}}"
          + " -e {{.PrivatePath}}/* -d {{.Destination}} -p {{.Prefix}} --batch --no-filter";

  private static final String PACKER_UPLOAD =
      "ec2-upload-bundle -b {{.BucketName}} -m {{.ManifestPath}} -a {{.AccessKey}}"
          + " -s {{.SecretKey}} -d {{.BundleDirectory}} --batch --region {{.Region}} --retry";

  private static final String TEMPORARY_TOKEN = "temporary-session-token-7f3a";

  @TempDir Path work;
  private S3ProxyServer server;
  private FaultProxy recorder;
  private S3rver s3rver;

  @BeforeEach
  void setUp() throws Exception {
    server = S3ProxyServer.start(Files.createDirectory(work.resolve("s3")));
    recorder = FaultProxy.start(server.endpoint());
  }

  @AfterEach
  void tearDown() throws Exception {
    if (s3rver != null) {
      s3rver.close();
    }
    recorder.close();
    server.close();
  }

  /** The environment of every run: an empty home, S3 on loopback, no metadata service. */
  private Map<String, String> environment() throws IOException {
    Map<String, String> environment = new HashMap<>();
    environment.put("HOME", Files.createDirectories(work.resolve("home")).toString());
    environment.put("PATH", BIN + ":" + System.getenv("PATH"));
    environment.put("AWS_EC2_METADATA_DISABLED", "true");
    environment.put("AWS_ENDPOINT_URL_S3", recorder.endpoint().toString());
    return environment;
  }

  private static String render(String template, Map<String, String> values) {
    String command = template;
    for (Map.Entry<String, String> value : values.entrySet()) {
      command = command.replace("{{." + value.getKey() + "}}", value.getValue());
    }
    return command;
  }

  @Test
  void packersDefaultCommands_runUnchanged_andTheX509KeyIsNowhereInTheImage() throws Exception {
    // The instance's volume: some files, and Packer's x509 upload directory holding the user's
    // certificate and private key (cert.pem, key.pem, as Packer uploads them).
    Path volume = Files.createDirectories(work.resolve("volume"));
    Files.createDirectories(volume.resolve("home/admin"));
    Files.writeString(volume.resolve("home/admin/notes.txt"), "field-test marker 51f0c2\n");
    Path x509 = Files.createDirectories(volume.resolve("tmp"));
    Files.copy(TestData.userCert(), x509.resolve("cert.pem"));
    Files.copy(TestData.userKey(), x509.resolve("key.pem"));
    // No --ec2cert: the certificate comes from the ec2-ami-tools installation, as on Packer's
    // instances.
    Path amitools = Files.createDirectories(work.resolve("ec2-ami-tools/etc/ec2/amitools"));
    Files.copy(TestData.ec2Cert(), amitools.resolve("cert-ec2.pem"));
    Map<String, String> environment = environment();
    environment.put("EC2_AMITOOL_HOME", work.resolve("ec2-ami-tools").toString());
    // s3rver, which takes the default canned ACL aws-exec-read that S3Proxy refuses.
    s3rver = S3rver.start(Files.createDirectory(work.resolve("s3rver")));
    environment.put("AWS_ENDPOINT_URL_S3", s3rver.endpoint().toString());

    // The volume is the working directory and every path is relative to it, so the shell's
    // expansion of PrivatePath/* is what it is on the instance; only -v is added.
    String bundleVol =
        render(
                PACKER_BUNDLE_VOL,
                Map.of(
                    "KeyPath",
                    "tmp/key.pem",
                    "AccountId",
                    "1111-2222-3333",
                    "CertPath",
                    "tmp/cert.pem",
                    "Architecture",
                    "x86_64",
                    "PrivatePath",
                    "tmp",
                    "Destination",
                    "tmp",
                    "Prefix",
                    "image-1701"))
            + " -v "
            + volume;
    ExternalTool.Result bundled =
        ExternalTool.runWith(volume, environment, List.of("sh", "-c", bundleVol));
    assertEquals(0, bundled.exitCode(), bundled.stderr());
    assertTrue(bundled.stderr().contains("also excluding tmp/key.pem"), bundled.stderr());

    String upload =
        render(
            PACKER_UPLOAD,
            Map.of(
                "BucketName",
                "packer-amis",
                "ManifestPath",
                "tmp/image-1701.manifest.xml",
                "AccessKey",
                S3rver.KEY,
                "SecretKey",
                S3rver.KEY,
                "BundleDirectory",
                "tmp",
                "Region",
                "us-east-1"));
    ExternalTool.Result uploaded =
        ExternalTool.runWith(volume, environment, List.of("sh", "-c", upload));
    assertEquals(0, uploaded.exitCode(), uploaded.stderr());
    assertTrue(uploaded.stdoutText().contains("Bundle upload completed."), uploaded.stdoutText());

    Path restored = Files.createDirectory(work.resolve("restored"));
    environment.put("AWS_ACCESS_KEY_ID", S3rver.KEY);
    environment.put("AWS_SECRET_ACCESS_KEY", S3rver.KEY);
    ExternalTool.Result restoring =
        ExternalTool.runWith(
            work,
            environment,
            List.of(
                BIN.resolve("amibundle").toString(),
                "download-and-unbundle",
                "-b",
                "packer-amis",
                "-p",
                "image-1701",
                "-k",
                TestData.userKey().toString(),
                "-o",
                restored.toString(),
                "--batch"));
    assertEquals(0, restoring.exitCode(), restoring.stderr());

    byte[] image = Files.readAllBytes(restored.resolve("image-1701"));
    assertTrue(
        contains(image, "field-test marker 51f0c2".getBytes(StandardCharsets.US_ASCII)),
        "the volume's files are in the image");
    for (String line : Files.readAllLines(TestData.userKey())) {
      if (!line.startsWith("-----")) {
        byte[] keyLine = line.getBytes(StandardCharsets.US_ASCII);
        assertFalse(contains(image, keyLine), "a line of the x509 key is in the image");
        for (Path part : bundleFiles(x509)) {
          assertFalse(contains(Files.readAllBytes(part), keyLine), part + " holds the key");
        }
      }
    }
  }

  @Test
  void assumeRoleProfile_theTemporaryKeySignsS3_inTheProfilesRegion() throws Exception {
    Map<String, String> environment = environment();
    writeConfig(
        "[profile base]\naws_access_key_id = BASEKEYEXAMPLE\naws_secret_access_key = base-secret\n"
            + "[profile bundler]\nrole_arn = arn:aws:iam::111122223333:role/bundler\n"
            + "source_profile = base\nregion = eu-west-3\n");
    environment.put("AWS_PROFILE", "bundler");
    try (StsStandIn sts = temporaryCredentials()) {
      environment.put("AWS_ENDPOINT_URL_STS", sts.endpoint().toString());

      ExternalTool.Result run = upload(environment, "--location", "US");
      assertEquals(0, run.exitCode(), run.stderr());

      assertEquals(1, sts.calls().size(), "one AssumeRole, then the credentials are kept");
      StsStandIn.Call call = sts.calls().get(0);
      assertTrue(call.body().contains("Action=AssumeRole&"), call.body());
      assertTrue(call.authorization().contains("Credential=BASEKEYEXAMPLE/"), call.authorization());
      assertEverySignedBy(S3ProxyServer.ACCESS_KEY, "eu-west-3", true);
    }
  }

  @Test
  void assumeRoleProfile_withoutRegion_signsInTheBucketsRegion_andAssumesTheRoleOnce()
      throws Exception {
    Map<String, String> environment = environment();
    // No region in the named profile and no endpoint amibundle reads, so it asks S3 where the
    // bucket is. The default profile gives what only the AWS SDK reads: the region of its STS
    // client for the role, and through its services section an S3 endpoint on loopback.
    environment.remove("AWS_ENDPOINT_URL_S3");
    writeConfig(
        "[default]\nregion = eu-west-1\nservices = loopback\n"
            + "[services loopback]\ns3 =\n  endpoint_url = "
            + recorder.endpoint()
            + "\n"
            + "[profile base]\n"
            + "aws_access_key_id = BASEKEYEXAMPLE\n"
            + "aws_secret_access_key = base-secret\n"
            + "[profile bundler]\n"
            + "role_arn = arn:aws:iam::111122223333:role/bundler\n"
            + "source_profile = base\n");
    recorder.onEvery(
        "GET",
        "/field",
        new FaultProxy.Fault.Answer(
            200,
            "<LocationConstraint xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">eu-west-3"
                + "</LocationConstraint>"));
    try (StsStandIn sts = temporaryCredentials()) {
      environment.put("AWS_ENDPOINT_URL_STS", sts.endpoint().toString());

      ExternalTool.Result run = upload(environment, "--profile", "bundler");
      assertEquals(0, run.exitCode(), run.stderr());

      assertEquals(1, sts.calls().size(), "the location and the upload share one AssumeRole");
      List<FaultProxy.Request> requests = recorder.requests();
      assertEquals("location", requests.get(0).query(), requests.get(0).path());
      assertTrue(requests.get(0).header("authorization").orElse("").contains("/us-east-1/s3/"));
      assertEverySignedBy(
          requests.subList(1, requests.size()), S3ProxyServer.ACCESS_KEY, "eu-west-3", true);
    }
  }

  @Test
  void webIdentityFromTheEnvironment_signsS3WithTheRoleKey_inAwsDefaultRegion() throws Exception {
    Map<String, String> environment = environment();
    Path token = Files.writeString(work.resolve("oidc-token"), "eyJ.web-identity.token");
    environment.put("AWS_WEB_IDENTITY_TOKEN_FILE", token.toString());
    environment.put("AWS_ROLE_ARN", "arn:aws:iam::111122223333:role/ci");
    environment.put("AWS_DEFAULT_REGION", "ap-south-1");
    try (StsStandIn sts = temporaryCredentials()) {
      environment.put("AWS_ENDPOINT_URL_STS", sts.endpoint().toString());

      ExternalTool.Result run = upload(environment, "--location", "US");
      assertEquals(0, run.exitCode(), run.stderr());

      assertTrue(sts.calls().get(0).body().contains("Action=AssumeRoleWithWebIdentity"));
      assertTrue(sts.calls().get(0).body().contains("WebIdentityToken=eyJ.web-identity.token"));
      assertEverySignedBy(S3ProxyServer.ACCESS_KEY, "ap-south-1", true);
    }
  }

  @Test
  void containerCredentials_signS3_atTheEndpointOfAwsEndpointUrl_inAwsRegion() throws Exception {
    Map<String, String> environment = environment();
    environment.put("AWS_REGION", "eu-north-1");
    // The endpoint for every service, not S3's own variable.
    environment.put("AWS_ENDPOINT_URL", environment.remove("AWS_ENDPOINT_URL_S3"));
    try (StsStandIn endpoint = temporaryCredentials()) {
      environment.put(
          "AWS_CONTAINER_CREDENTIALS_FULL_URI", endpoint.endpoint() + "/v2/credentials");

      ExternalTool.Result run = upload(environment, "--location", "US");
      assertEquals(0, run.exitCode(), run.stderr());

      assertEquals(1, endpoint.calls().size(), "asked once");
      assertEverySignedBy(S3ProxyServer.ACCESS_KEY, "eu-north-1", true);
    }
  }

  @Test
  void credentialProcessProfile_givesTheKeys_andRegionBeatsTheEnvironment() throws Exception {
    Map<String, String> environment = environment();
    Path process = work.resolve("credentials.sh");
    Files.writeString(
        process,
        "#!/bin/sh\necho '{\"Version\": 1, \"AccessKeyId\": \""
            + S3ProxyServer.ACCESS_KEY
            + "\", \"SecretAccessKey\": \""
            + S3ProxyServer.SECRET_KEY
            + "\"}'\n");
    assertTrue(process.toFile().setExecutable(true));
    writeConfig("[profile tooling]\ncredential_process = " + process + "\nregion = us-west-2\n");
    environment.put("AWS_REGION", "eu-central-1");

    ExternalTool.Result run =
        upload(environment, "--profile", "tooling", "--region", "sa-east-1", "--location", "US");
    assertEquals(0, run.exitCode(), run.stderr());

    assertEverySignedBy(S3ProxyServer.ACCESS_KEY, "sa-east-1", false);
  }

  @Test
  void noCredentialsAnywhere_oneLineNamingTheWays_exit1() throws Exception {
    ExternalTool.Result run = upload(environment());

    assertEquals(1, run.exitCode(), run.stderr());
    assertEquals(
        "ERROR: no AWS credentials found: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, give"
            + " --access-key with AWS_SECRET_ACCESS_KEY, or name a profile of ~/.aws/config with"
            + " --profile or AWS_PROFILE\n",
        run.stderr());
    assertTrue(recorder.requests().isEmpty(), "nothing was sent to S3");
  }

  @Test
  void anUnknownProfile_isNamed_exit1() throws Exception {
    writeConfig("[profile other]\nregion = eu-west-1\n");

    ExternalTool.Result run = upload(environment(), "--profile", "typo");

    assertEquals(1, run.exitCode(), run.stderr());
    assertEquals(1, run.stderr().lines().count(), run.stderr());
    assertTrue(
        run.stderr().startsWith("ERROR: profile typo is not in the AWS configuration files"),
        run.stderr());
  }

  @Test
  void anExpiredSsoSignIn_saysToSignInAgain_exit1() throws Exception {
    Map<String, String> environment = environment();
    String startUrl = "https://example.awsapps.com/start";
    writeConfig(
        "[profile sso-dev]\nsso_start_url = "
            + startUrl
            + "\nsso_region = us-east-1\n"
            + "sso_account_id = 111122223333\nsso_role_name = Bundler\nregion = us-east-1\n");
    // The sign-in the AWS CLI cached, expired: named by the SHA-1 of the start URL.
    Path cache = Files.createDirectories(work.resolve("home/.aws/sso/cache"));
    String name =
        HexFormat.of()
            .formatHex(
                MessageDigest.getInstance("SHA-1")
                    .digest(startUrl.getBytes(StandardCharsets.UTF_8)));
    Files.writeString(
        cache.resolve(name + ".json"),
        "{\"startUrl\": \""
            + startUrl
            + "\", \"region\": \"us-east-1\", \"accessToken\": \"expired\","
            + " \"expiresAt\": \"2020-01-01T00:00:00Z\"}");
    environment.put("AWS_PROFILE", "sso-dev");

    ExternalTool.Result run = upload(environment);

    assertEquals(1, run.exitCode(), run.stderr());
    assertEquals(
        "ERROR: the SSO sign-in of profile sso-dev has expired: run 'aws sso login"
            + " --profile sso-dev' and try again\n",
        run.stderr());
  }

  private StsStandIn temporaryCredentials() throws IOException {
    return StsStandIn.start(S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY, TEMPORARY_TOKEN);
  }

  private void writeConfig(String content) throws IOException {
    Files.writeString(
        Files.createDirectories(work.resolve("home/.aws")).resolve("config"), content);
  }

  /**
   * upload-bundle of a small bundle to the bucket "field", made first, with {@code options}
   * (S3Proxy refuses the default ACL aws-exec-read and answers every bucket's location with
   * us-east-1, so a test that signs for another region gives {@code --location US}); its standard
   * error holds no SLF4J warning and no stack trace.
   */
  private ExternalTool.Result upload(Map<String, String> environment, String... options)
      throws IOException {
    BundleResult bundle =
        S3TestBundles.bundle(Files.createDirectory(work.resolve("bundle")), 11, 256 * 1024);
    try (S3Client s3 = S3Clients.create(server.settings())) {
      s3.createBucket(b -> b.bucket("field"));
    }
    List<String> command =
        new ArrayList<>(
            List.of(
                BIN.resolve("amibundle").toString(),
                "upload-bundle",
                "-b",
                "field",
                "-m",
                bundle.manifestFile().toString(),
                "--batch",
                "--acl",
                "public-read"));
    command.addAll(List.of(options));
    ExternalTool.Result run = ExternalTool.runWith(work, environment, command);
    assertFalse(run.stderr().contains("SLF4J"), run.stderr());
    assertFalse(run.stderr().contains("\tat "), "no stack trace: " + run.stderr());
    return run;
  }

  /** Every S3 request was signed by {@code accessKey} for {@code region}, with the token or not. */
  private void assertEverySignedBy(String accessKey, String region, boolean withToken) {
    assertEverySignedBy(recorder.requests(), accessKey, region, withToken);
  }

  private static void assertEverySignedBy(
      List<FaultProxy.Request> requests, String accessKey, String region, boolean withToken) {
    assertFalse(requests.isEmpty());
    for (FaultProxy.Request request : requests) {
      String authorization = request.header("authorization").orElse("");
      assertTrue(
          authorization.contains("Credential=" + accessKey + "/")
              && authorization.contains("/" + region + "/s3/aws4_request"),
          request.method() + " " + request.path() + ": " + authorization);
      assertEquals(
          withToken ? TEMPORARY_TOKEN : "",
          request.header("x-amz-security-token").orElse(""),
          request.path());
    }
  }

  private static List<Path> bundleFiles(Path directory) throws IOException {
    try (var files = Files.list(directory)) {
      return files.filter(f -> f.getFileName().toString().startsWith("image-1701.")).toList();
    }
  }

  private static boolean contains(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }
}
