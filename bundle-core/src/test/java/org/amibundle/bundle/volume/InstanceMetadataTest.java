package org.amibundle.bundle.volume;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.amibundle.manifest.BlockDeviceMapping;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Against a metadata service on loopback that answers only with an IMDSv2 token, as EC2 does when
 * tokens are required; and against no service at all, as off EC2.
 */
class InstanceMetadataTest {

  private static final String TOKEN = "test-session-token";
  private static final Map<String, String> FIELDS =
      Map.of(
          "/latest/meta-data/kernel-id", "aki-12345678",
          "/latest/meta-data/product-codes", "pc-one\npc-two\n",
          "/latest/meta-data/block-device-mapping/", "ami\nroot\nephemeral0",
          "/latest/meta-data/block-device-mapping/ami", "sda1",
          "/latest/meta-data/block-device-mapping/root", "/dev/sda1",
          "/latest/meta-data/block-device-mapping/ephemeral0", "sdb",
          "/latest/meta-data/ancestor-ami-ids", "ami-00000001\nami-00000002",
          "/latest/meta-data/ami-id", "ami-00000003");

  private HttpServer server;
  private final List<String> unauthorised = new ArrayList<>();

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          String path = exchange.getRequestURI().getPath();
          int status;
          String body = "";
          if (path.equals("/latest/api/token")
              && exchange.getRequestMethod().equals("PUT")
              && exchange.getRequestHeaders().containsKey("X-aws-ec2-metadata-token-ttl-seconds")) {
            status = 200;
            body = TOKEN;
          } else if (!TOKEN.equals(
              exchange.getRequestHeaders().getFirst("X-aws-ec2-metadata-token"))) {
            unauthorised.add(path);
            status = 401;
          } else {
            body = FIELDS.getOrDefault(path, "");
            status = FIELDS.containsKey(path) ? 200 : 404;
          }
          byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
          exchange.getResponseBody().write(bytes);
          exchange.close();
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void onEc2_everyFieldIsReadWithTheToken_absentOnesAreNamed() throws Exception {
    List<String> missing = new ArrayList<>();
    URI endpoint = URI.create("http://127.0.0.1:" + server.getAddress().getPort());

    InstanceMetadata.Inherited inherited =
        new InstanceMetadata(endpoint).read(missing::add).orElseThrow();

    assertEquals(Optional.of("aki-12345678"), inherited.kernelId());
    assertEquals(Optional.empty(), inherited.ramdiskId());
    assertEquals(List.of("pc-one", "pc-two"), inherited.productCodes());
    assertEquals(
        List.of(
            new BlockDeviceMapping("ami", "sda1"),
            new BlockDeviceMapping("root", "/dev/sda1"),
            new BlockDeviceMapping("ephemeral0", "sdb")),
        inherited.blockDeviceMappings());
    assertEquals(
        List.of("ami-00000001", "ami-00000002", "ami-00000003"), inherited.ancestorAmiIds());
    assertEquals(List.of("ramdisk-id"), missing);
    assertEquals(List.of(), unauthorised);
  }

  @Test
  void offEc2_nothingAnswers_andTheResultIsEmpty() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    List<String> missing = new ArrayList<>();

    Optional<InstanceMetadata.Inherited> inherited =
        new InstanceMetadata(URI.create("http://127.0.0.1:" + closedPort)).read(missing::add);

    assertEquals(Optional.empty(), inherited);
    assertEquals(List.of(), missing);
  }
}
