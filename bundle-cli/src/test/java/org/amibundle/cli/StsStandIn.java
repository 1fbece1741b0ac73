package org.amibundle.cli;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A small stand-in for AWS STS on loopback: it answers AssumeRole and AssumeRoleWithWebIdentity
 * with fixed temporary credentials and records each request's Authorization header and form body,
 * so that a test can show which key asked for the role and which key then signed S3. A GET is
 * answered as the container credential endpoint of ECS and EKS Pod Identity answers it.
 */
final class StsStandIn implements AutoCloseable {

  /** What one request to the stand-in carried. */
  record Call(String authorization, String body) {}

  private final HttpServer server;
  private final String accessKey;
  private final String secretKey;
  private final String sessionToken;
  private final List<Call> calls = Collections.synchronizedList(new ArrayList<>());

  private StsStandIn(HttpServer server, String accessKey, String secretKey, String sessionToken) {
    this.server = server;
    this.accessKey = accessKey;
    this.secretKey = secretKey;
    this.sessionToken = sessionToken;
  }

  /** Starts a stand-in whose every answer gives these temporary credentials. */
  static StsStandIn start(String accessKey, String secretKey, String sessionToken)
      throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    StsStandIn sts = new StsStandIn(server, accessKey, secretKey, sessionToken);
    server.createContext(
        "/",
        exchange -> {
          String body =
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          sts.calls.add(
              new Call(
                  String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")), body));
          boolean container = exchange.getRequestMethod().equals("GET");
          byte[] answer =
              (container ? sts.containerAnswer() : sts.answer(body))
                  .getBytes(StandardCharsets.UTF_8);
          exchange
              .getResponseHeaders()
              .add("Content-Type", container ? "application/json" : "text/xml");
          exchange.sendResponseHeaders(200, answer.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(answer);
          }
        });
    server.start();
    return sts;
  }

  URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  List<Call> calls() {
    return List.copyOf(calls);
  }

  private String containerAnswer() {
    return "{\"AccessKeyId\": \""
        + accessKey
        + "\", \"SecretAccessKey\": \""
        + secretKey
        + "\", \"Token\": \""
        + sessionToken
        + "\", \"Expiration\": \"2099-01-01T00:00:00Z\"}";
  }

  private String answer(String body) {
    String action =
        body.contains("Action=AssumeRoleWithWebIdentity")
            ? "AssumeRoleWithWebIdentity"
            : "AssumeRole";
    return "<"
        + action
        + "Response xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><"
        + action
        + "Result><Credentials><AccessKeyId>"
        + accessKey
        + "</AccessKeyId><SecretAccessKey>"
        + secretKey
        + "</SecretAccessKey><SessionToken>"
        + sessionToken
        + "</SessionToken>"
        + "<Expiration>2099-01-01T00:00:00Z</Expiration></Credentials><AssumedRoleUser><Arn>"
        + "arn:aws:sts::111122223333:assumed-role/bundler/session</Arn><AssumedRoleId>"
        + "AROAEXAMPLE:session</AssumedRoleId></AssumedRoleUser></"
        + action
        + "Result>"
        + "<ResponseMetadata><RequestId>stand-in</RequestId></ResponseMetadata></"
        + action
        + "Response>";
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
