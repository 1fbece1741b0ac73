package org.amibundle.bundle.volume;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.amibundle.manifest.BlockDeviceMapping;

/**
 * What bundle-vol inherits from the instance it runs on (docs/volume.md, "Metadata inheritance"):
 * kernel and ramdisk IDs, product codes, block device mappings and the AMI ancestry, read from the
 * instance metadata service with an IMDSv2 session token (falling back to IMDSv1 where tokens are
 * refused) and short timeouts, so that off EC2 the answer "not on EC2" comes within about a second.
 */
public final class InstanceMetadata {

  /** The metadata service every EC2 instance reaches. */
  public static final URI EC2_ENDPOINT = URI.create("http://169.254.169.254");

  private static final Duration CONNECT = Duration.ofSeconds(1);
  private static final Duration ANSWER = Duration.ofSeconds(2);
  private static final String TOKEN_HEADER = "X-aws-ec2-metadata-token";

  /**
   * Values read from the service; each is empty when the instance has none.
   *
   * @param kernelId kernel-id
   * @param ramdiskId ramdisk-id
   * @param productCodes product-codes, one per line
   * @param blockDeviceMappings block-device-mapping/, every key with its device
   * @param ancestorAmiIds ancestor-ami-ids, then the instance's own ami-id
   */
  public record Inherited(
      Optional<String> kernelId,
      Optional<String> ramdiskId,
      List<String> productCodes,
      List<BlockDeviceMapping> blockDeviceMappings,
      List<String> ancestorAmiIds) {

    public Inherited {
      productCodes = List.copyOf(productCodes);
      blockDeviceMappings = List.copyOf(blockDeviceMappings);
      ancestorAmiIds = List.copyOf(ancestorAmiIds);
    }
  }

  private final URI base;
  private final HttpClient http;

  /** A client of the service at {@code endpoint} (its scheme, host and port). */
  public InstanceMetadata(URI endpoint) {
    this.base = endpoint.resolve("/latest/");
    this.http = HttpClient.newBuilder().connectTimeout(CONNECT).build();
  }

  /**
   * Reads every field; {@code missing} hears the name of each field the service does not have.
   * Empty when the service does not answer at all: not on EC2.
   */
  public Optional<Inherited> read(Consumer<String> missing) throws InterruptedException {
    Optional<String> token;
    try {
      token = token();
    } catch (IOException e) {
      return Optional.empty();
    }
    Session session = new Session(token, missing);
    List<BlockDeviceMapping> mappings = new ArrayList<>();
    for (String key : session.lines("block-device-mapping/")) {
      session
          .get("block-device-mapping/" + key)
          .ifPresent(device -> mappings.add(new BlockDeviceMapping(key, device.strip())));
    }
    List<String> ancestors = new ArrayList<>(session.lines("ancestor-ami-ids"));
    session.get("ami-id").map(String::strip).ifPresent(ancestors::add);
    return Optional.of(
        new Inherited(
            session.get("kernel-id").map(String::strip),
            session.get("ramdisk-id").map(String::strip),
            session.lines("product-codes"),
            mappings,
            ancestors));
  }

  /** An IMDSv2 token; empty when the service refuses tokens (IMDSv1 only). */
  private Optional<String> token() throws IOException, InterruptedException {
    HttpRequest put =
        HttpRequest.newBuilder(base.resolve("api/token"))
            .timeout(ANSWER)
            .header(TOKEN_HEADER + "-ttl-seconds", "60")
            .PUT(HttpRequest.BodyPublishers.noBody())
            .build();
    HttpResponse<String> answer = http.send(put, HttpResponse.BodyHandlers.ofString());
    return answer.statusCode() == 200 ? Optional.of(answer.body().strip()) : Optional.empty();
  }

  /** Reads of one run, with its token. */
  private final class Session {
    private final Optional<String> token;
    private final Consumer<String> missing;

    Session(Optional<String> token, Consumer<String> missing) {
      this.token = token;
      this.missing = missing;
    }

    Optional<String> get(String field) throws InterruptedException {
      HttpRequest.Builder get =
          HttpRequest.newBuilder(base.resolve("meta-data/" + field)).timeout(ANSWER).GET();
      token.ifPresent(t -> get.header(TOKEN_HEADER, t));
      try {
        HttpResponse<String> answer = http.send(get.build(), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() == 200) {
          return Optional.of(answer.body());
        }
      } catch (IOException e) {
        // reported below like an absent field: the reference does the same
      }
      missing.accept(field.replace("/", ""));
      return Optional.empty();
    }

    List<String> lines(String field) throws InterruptedException {
      return get(field)
          .map(body -> body.lines().map(String::strip).filter(l -> !l.isEmpty()).toList())
          .orElse(List.of());
    }
  }
}
