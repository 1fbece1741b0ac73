package org.amibundle.cli;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.amibundle.testing.ExternalTool;

/**
 * npm's s3rver, a second S3 implementation (over plain HTTP, decoding less of S3 than S3Proxy), as
 * a process on a loopback port; and the AWS CLI, an independent client, pointed at it. Both are
 * installed by {@code .ci/run}.
 */
final class S3rver implements AutoCloseable {

  /** s3rver's fixed credentials. */
  static final String KEY = "S3RVER";

  private final Process process;
  private final URI endpoint;

  private S3rver(Process process, URI endpoint) {
    this.process = process;
    this.endpoint = endpoint;
  }

  /** Starts s3rver storing into {@code directory}; fails the test if it is not installed. */
  static S3rver start(Path directory) throws IOException, InterruptedException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Process process;
    try {
      process =
          new ProcessBuilder(
                  "s3rver",
                  "-d",
                  directory.toString(),
                  "-a",
                  "127.0.0.1",
                  "-p",
                  String.valueOf(port),
                  "--silent")
              .redirectErrorStream(true)
              .redirectOutput(
                  Files.createTempFile(directory.getParent(), "s3rver", ".log").toFile())
              .start();
    } catch (IOException e) {
      throw new AssertionError("s3rver is not installed: npm install -g s3rver@3.7.1", e);
    }
    S3rver server = new S3rver(process, URI.create("http://127.0.0.1:" + port));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!server.answers(port)) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        server.close();
        throw new AssertionError("s3rver did not start on port " + port);
      }
      Thread.sleep(100);
    }
    return server;
  }

  private boolean answers(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  URI endpoint() {
    return endpoint;
  }

  /**
   * The AWS CLI against this server: {@code aws --endpoint-url URL ARGS}; fails unless it exits 0.
   */
  ExternalTool.Result aws(Path workDir, String... args) {
    List<String> command = new ArrayList<>(List.of("aws", "--endpoint-url", endpoint.toString()));
    command.addAll(List.of(args));
    ExternalTool.Result result =
        ExternalTool.runWith(
            workDir,
            Map.of(
                "AWS_ACCESS_KEY_ID",
                KEY,
                "AWS_SECRET_ACCESS_KEY",
                KEY,
                "AWS_DEFAULT_REGION",
                "us-east-1",
                "AWS_EC2_METADATA_DISABLED",
                "true",
                "HOME",
                workDir.toString()),
            command);
    if (result.exitCode() != 0) {
      throw new AssertionError("aws " + String.join(" ", args) + " failed: " + result.stderr());
    }
    return result;
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
