package org.amibundle.bundle.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * An HTTP/1.1 forwarding proxy on loopback in front of an S3 server, which records every request
 * and can be scripted to break chosen ones: an S3 error answer (500 InternalError, 503 SlowDown), a
 * connection reset, a response body cut short, a delay, or a canned answer of its own.
 *
 * <p>Requests are forwarded byte for byte — request line, headers (Host, Authorization, x-amz-*,
 * Content-MD5, Expect) and body — so SigV4 signatures made for the proxy's address stay valid at
 * the server. {@code Expect: 100-continue} is answered by the proxy; interim answers of the server
 * are dropped. Bodies are held in memory (S3 bundle parts are at most 10 MiB).
 *
 * <p>Bounded: it listens on the loopback address only, serves at most {@link #MAX_CONNECTIONS}
 * connections at once, drops a connection idle for {@link #IDLE_TIMEOUT}, and {@link #close()}
 * stops everything.
 */
public final class FaultProxy implements AutoCloseable {

  /** Connections served at once. */
  public static final int MAX_CONNECTIONS = 32;

  /** Bodies up to this size are recorded as text. */
  public static final int SMALL_BODY = 64 * 1024;

  /** A connection with no request for this long is closed. */
  public static final Duration IDLE_TIMEOUT = Duration.ofSeconds(60);

  /** What the proxy does to a request that matches a rule. */
  public sealed interface Fault {

    /** An S3 error answer with this status, error code and message; the server never sees it. */
    record ErrorAnswer(int status, String code, String message) implements Fault {}

    /** The connection is reset (TCP RST) without an answer; the server never sees the request. */
    record Reset() implements Fault {}

    /** The server's answer, announcing its full Content-Length, cut off after half its body. */
    record TruncatedBody() implements Fault {}

    /** The request is held this long before it is forwarded. */
    record Delay(Duration delay) implements Fault {}

    /**
     * The proxy answers itself: this status and body, and for a request with Content-MD5 an ETag of
     * that MD5 as S3 gives it. The server never sees the request.
     */
    record Answer(int status, String body) implements Fault {}

    /**
     * The server's answer with one header set to {@code value} (added if absent), as a server would
     * answer that stored something else than it was sent.
     */
    record ResponseHeader(String name, String value) implements Fault {}

    /**
     * The bucket lives in {@code region}, as AWS answers: a request signed for another region gets
     * 301 PermanentRedirect with {@code x-amz-bucket-region}; one signed for it goes to the server.
     */
    record BucketInRegion(String region) implements Fault {}

    /**
     * A bucket is created only by a request signed for {@code region}, the region its location
     * names, as AWS's regional endpoints answer: another gets 400
     * IllegalLocationConstraintException.
     */
    record CreatedOnlyIn(String region) implements Fault {}

    /** 500 InternalError, which S3 asks clients to retry. */
    static Fault internalError() {
      return new ErrorAnswer(
          500, "InternalError", "We encountered an internal error. Please try again.");
    }

    /** 503 SlowDown, S3's throttling answer. */
    static Fault slowDown() {
      return new ErrorAnswer(503, "SlowDown", "Please reduce your request rate.");
    }
  }

  /**
   * One request as it came from the client. Header names are lower case; {@code smallBody} is the
   * body as UTF-8 text if it has at most {@link #SMALL_BODY} bytes (XML requests), else empty.
   */
  public record Request(
      String method,
      String path,
      String query,
      Map<String, List<String>> headers,
      int bodyLength,
      String smallBody) {

    /** The first value of a header, if it was sent. */
    public Optional<String> header(String name) {
      List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
      return values == null ? Optional.empty() : Optional.of(values.get(0));
    }
  }

  /** Applies {@code fault} to the matching requests whose 1-based number is in {@code which}. */
  private record Rule(
      String method,
      Pattern path,
      Set<Integer> which,
      boolean every,
      Fault fault,
      AtomicInteger seen) {

    /** Whether this rule takes the request; counts it if it matches. */
    boolean takes(Request request) {
      if (!request.method().equals(method) || !path.matcher(request.path()).matches()) {
        return false;
      }
      int number = seen.incrementAndGet();
      return every || which.contains(number);
    }
  }

  private final ServerSocket listener;
  private final InetSocketAddress upstream;
  private final ExecutorService connections;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final List<Rule> rules = new CopyOnWriteArrayList<>();
  private final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
  private final List<Fault> applied = Collections.synchronizedList(new ArrayList<>());

  /** Orders arrivals and answers (a counter, not a clock): see {@link #maxOverlap}. */
  private final AtomicLong ticks = new AtomicLong();

  private final List<Served> served = Collections.synchronizedList(new ArrayList<>());

  /** A request, the tick it arrived (its body read) and the tick its answer began. */
  private record Served(Request request, long arrived, long answered) {}

  private FaultProxy(ServerSocket listener, InetSocketAddress upstream) {
    this.listener = listener;
    this.upstream = upstream;
    this.connections =
        Executors.newFixedThreadPool(
            MAX_CONNECTIONS + 1,
            r -> {
              Thread thread = new Thread(r, "fault-proxy");
              thread.setDaemon(true);
              return thread;
            });
  }

  /** Starts a proxy on a free loopback port in front of the server at {@code upstream}. */
  public static FaultProxy start(URI upstream) throws IOException {
    InetAddress loopback = InetAddress.getLoopbackAddress();
    if (!InetAddress.getByName(upstream.getHost()).isLoopbackAddress()) {
      throw new IllegalArgumentException(
          "the fault proxy only forwards to loopback, got " + upstream);
    }
    FaultProxy proxy =
        new FaultProxy(
            new ServerSocket(0, MAX_CONNECTIONS, loopback),
            new InetSocketAddress(loopback, upstream.getPort()));
    proxy.connections.execute(proxy::acceptLoop);
    return proxy;
  }

  /** The proxy's address, to use as the S3 endpoint. */
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + listener.getLocalPort());
  }

  /**
   * The {@code n}th request (from 1) with this method and a path matching the regex gets {@code
   * fault}.
   */
  public FaultProxy onNth(int n, String method, String pathRegex, Fault fault) {
    return on(method, pathRegex, Set.of(n), false, fault);
  }

  /** The first {@code count} requests with this method and a matching path get {@code fault}. */
  public FaultProxy onFirst(int count, String method, String pathRegex, Fault fault) {
    Set<Integer> which = new HashSet<>();
    for (int i = 1; i <= count; i++) {
      which.add(i);
    }
    return on(method, pathRegex, which, false, fault);
  }

  /** Every request with this method and a matching path gets {@code fault}. */
  public FaultProxy onEvery(String method, String pathRegex, Fault fault) {
    return on(method, pathRegex, Set.of(), true, fault);
  }

  private FaultProxy on(
      String method, String pathRegex, Set<Integer> which, boolean every, Fault fault) {
    rules.add(
        new Rule(
            method,
            Pattern.compile(pathRegex),
            which,
            every,
            Objects.requireNonNull(fault),
            new AtomicInteger()));
    return this;
  }

  /** Forgets the rules: from now on every request is forwarded untouched. */
  public void clearFaults() {
    rules.clear();
  }

  /** Every request received so far, in order of arrival. */
  public List<Request> requests() {
    synchronized (requests) {
      return List.copyOf(requests);
    }
  }

  /**
   * The most answered requests with this method and a matching path that the proxy was serving at
   * once: between reading a request's body and starting its answer. That span lies inside the
   * client's, so the client had at least this many of them under way at once.
   */
  public int maxOverlap(String method, String pathRegex) {
    Pattern path = Pattern.compile(pathRegex);
    List<long[]> events = new ArrayList<>();
    synchronized (served) {
      for (Served one : served) {
        if (one.request().method().equals(method) && path.matcher(one.request().path()).matches()) {
          events.add(new long[] {one.arrived(), 1});
          events.add(new long[] {one.answered(), -1});
        }
      }
    }
    events.sort((a, b) -> Long.compare(a[0], b[0]));
    int now = 0;
    int most = 0;
    for (long[] event : events) {
      now += (int) event[1];
      most = Math.max(most, now);
    }
    return most;
  }

  /** Every fault applied so far, in order. */
  public List<Fault> applied() {
    synchronized (applied) {
      return List.copyOf(applied);
    }
  }

  @Override
  public void close() throws IOException {
    listener.close();
    for (Socket socket : open) {
      socket.close();
    }
    connections.shutdownNow();
    try {
      connections.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void acceptLoop() {
    while (!listener.isClosed()) {
      try {
        Socket client = listener.accept();
        open.add(client);
        connections.execute(() -> serve(client));
      } catch (IOException | RejectedExecutionException e) {
        return; // closed
      }
    }
  }

  /** Serves one client connection, with its own connection to the server, until either closes. */
  private void serve(Socket client) {
    Socket server = null;
    InputStream fromServer = null;
    try (client) {
      client.setSoTimeout((int) IDLE_TIMEOUT.toMillis());
      InputStream fromClient = new BufferedInputStream(client.getInputStream());
      OutputStream toClient = client.getOutputStream();
      while (true) {
        Optional<Message> head = Message.readHead(fromClient);
        if (head.isEmpty()) {
          return;
        }
        Message request = head.get();
        if (request.headerValue("expect").filter("100-continue"::equalsIgnoreCase).isPresent()) {
          toClient.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
          toClient.flush();
        }
        byte[] body = request.readBody(fromClient, false);
        String[] target = request.startLine().split(" ", 3);
        String[] pathAndQuery = target[1].split("\\?", 2);
        Request recorded =
            new Request(
                target[0],
                pathAndQuery[0],
                pathAndQuery.length > 1 ? pathAndQuery[1] : "",
                request.headers(),
                body.length,
                body.length <= SMALL_BODY ? new String(body, StandardCharsets.UTF_8) : "");
        requests.add(recorded);
        long arrived = ticks.incrementAndGet();
        Fault fault = null;
        for (Rule rule : rules) {
          if (rule.takes(recorded)) {
            fault = rule.fault();
            applied.add(fault);
            break;
          }
        }
        fault = forRegion(fault, recorded);
        if (fault instanceof Fault.Reset
            || fault instanceof Fault.ErrorAnswer
            || fault instanceof Fault.Answer
            || fault instanceof Fault.BucketInRegion) {
          served.add(new Served(recorded, arrived, ticks.incrementAndGet()));
        }
        if (fault instanceof Fault.Reset) {
          client.setSoLinger(true, 0);
          return;
        }
        if (fault instanceof Fault.ErrorAnswer error) {
          answer(
              toClient,
              error.status(),
              Map.of("Content-Type", "application/xml"),
              errorXml(error, recorded.path()));
          continue;
        }
        if (fault instanceof Fault.BucketInRegion home) {
          String redirect =
              errorXml(
                  new Fault.ErrorAnswer(
                      301,
                      "PermanentRedirect",
                      "The bucket you are attempting to access must be addressed using the"
                          + " specified endpoint."),
                  recorded.path());
          answer(
              toClient,
              301,
              Map.of("Content-Type", "application/xml", "x-amz-bucket-region", home.region()),
              target[0].equals("HEAD") ? "" : redirect);
          continue;
        }
        if (fault instanceof Fault.Answer canned) {
          Map<String, String> headers = new LinkedHashMap<>();
          headers.put("Content-Type", "application/xml");
          recorded
              .header("content-md5")
              .ifPresent(
                  md5 ->
                      headers.put(
                          "ETag",
                          "\"" + HexFormat.of().formatHex(Base64.getDecoder().decode(md5)) + "\""));
          answer(toClient, canned.status(), headers, canned.body());
          continue;
        }
        if (fault instanceof Fault.Delay delay) {
          Thread.sleep(delay.delay().toMillis());
        }
        if (server == null || server.isClosed()) {
          server = new Socket(upstream.getAddress(), upstream.getPort());
          server.setSoTimeout((int) IDLE_TIMEOUT.toMillis());
          open.add(server);
          fromServer = new BufferedInputStream(server.getInputStream());
        }
        OutputStream toServer = server.getOutputStream();
        toServer.write(request.raw());
        toServer.write(body);
        toServer.flush();
        Message response;
        do {
          response =
              Message.readHead(fromServer)
                  .orElseThrow(() -> new EOFException("the server closed the connection"));
        } while (response.startLine().split(" ")[1].startsWith("1"));
        served.add(new Served(recorded, arrived, ticks.incrementAndGet()));
        boolean noBody =
            target[0].equals("HEAD") || response.startLine().matches("\\S+ (204|304) .*");
        byte[] responseBody = noBody ? new byte[0] : response.readBody(fromServer, true);
        toClient.write(
            fault instanceof Fault.ResponseHeader header
                ? response.withHeader(header)
                : response.raw());
        if (fault instanceof Fault.TruncatedBody) {
          toClient.write(responseBody, 0, responseBody.length / 2);
          toClient.flush();
          return;
        }
        toClient.write(responseBody);
        toClient.flush();
        if (response.headerValue("connection").filter("close"::equalsIgnoreCase).isPresent()
            || (!noBody
                && response.headerValue("content-length").isEmpty()
                && !response.chunked())) {
          return;
        }
      }
    } catch (IOException e) {
      // the client or the server went away: end this connection
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      open.remove(client);
      if (server != null) {
        open.remove(server);
        try {
          server.close();
        } catch (IOException e) {
          // closing anyway
        }
      }
    }
  }

  /**
   * What a region-dependent fault does to {@code request}, as AWS would answer it: nothing for a
   * request signed for the bucket's region, else its redirect; a creation answered or refused.
   * Other faults as they are.
   */
  private static Fault forRegion(Fault fault, Request request) {
    if (fault instanceof Fault.BucketInRegion home) {
      return home.region().equals(signingRegion(request)) ? null : home;
    }
    if (fault instanceof Fault.CreatedOnlyIn created) {
      return created.region().equals(signingRegion(request))
          ? new Fault.Answer(200, "")
          : new Fault.ErrorAnswer(
              400,
              "IllegalLocationConstraintException",
              "The "
                  + created.region()
                  + " location constraint is incompatible for the region specific endpoint"
                  + " this request was sent to.");
    }
    return fault;
  }

  /** The region of a SigV4 request's credential scope (KEY/DATE/REGION/s3/aws4_request). */
  private static String signingRegion(Request request) {
    String authorization = request.header("authorization").orElse("");
    int at = authorization.indexOf("Credential=");
    if (at < 0) {
      return "";
    }
    String[] scope = authorization.substring(at + "Credential=".length()).split("/");
    return scope.length > 2 ? scope[2] : "";
  }

  private static String errorXml(Fault.ErrorAnswer error, String path) {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>"
        + error.code()
        + "</Code><Message>"
        + error.message()
        + "</Message><Resource>"
        + path
        + "</Resource><RequestId>fault-proxy</RequestId></Error>";
  }

  private static void answer(OutputStream out, int status, Map<String, String> headers, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    StringBuilder head = new StringBuilder("HTTP/1.1 " + status + " Fault Proxy\r\n");
    headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
    head.append("Content-Length: ").append(bytes.length).append("\r\n\r\n");
    out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
    out.write(bytes);
    out.flush();
  }

  /** The head of an HTTP message as received (start line and headers), and its parsed headers. */
  private record Message(byte[] raw, String startLine, Map<String, List<String>> headers) {

    /** Reads a head up to the empty line; empty at a clean end of stream before any byte. */
    static Optional<Message> readHead(InputStream in) throws IOException {
      ByteArrayOutputStream raw = new ByteArrayOutputStream();
      List<String> lines = new ArrayList<>();
      while (true) {
        String line = readLine(in, raw);
        if (line == null) {
          if (raw.size() == 0) {
            return Optional.empty();
          }
          throw new EOFException("connection closed inside a message head");
        }
        if (line.isEmpty()) {
          break;
        }
        lines.add(line);
      }
      Map<String, List<String>> headers = new LinkedHashMap<>();
      for (String line : lines.subList(1, lines.size())) {
        int colon = line.indexOf(':');
        headers
            .computeIfAbsent(
                line.substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
            .add(line.substring(colon + 1).trim());
      }
      return Optional.of(new Message(raw.toByteArray(), lines.get(0), headers));
    }

    /** The head as received, with {@code header} in place of any header of its name. */
    byte[] withHeader(Fault.ResponseHeader header) {
      StringBuilder head = new StringBuilder(startLine).append("\r\n");
      headers.forEach(
          (name, values) -> {
            if (!name.equalsIgnoreCase(header.name())) {
              values.forEach(value -> head.append(name).append(": ").append(value).append("\r\n"));
            }
          });
      head.append(header.name()).append(": ").append(header.value()).append("\r\n\r\n");
      return head.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    Optional<String> headerValue(String name) {
      List<String> values = headers.get(name);
      return values == null ? Optional.empty() : Optional.of(values.get(0));
    }

    boolean chunked() {
      return headerValue("transfer-encoding")
          .filter(t -> t.toLowerCase(Locale.ROOT).contains("chunked"))
          .isPresent();
    }

    /**
     * Reads the body as sent (chunked bodies raw, chunk lines included). Without a length or
     * chunking, a request has no body and a response runs to the end of the stream.
     */
    byte[] readBody(InputStream in, boolean response) throws IOException {
      if (chunked()) {
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        while (true) {
          String size = readLine(in, raw);
          if (size == null) {
            throw new EOFException("connection closed inside a chunked body");
          }
          int length = Integer.parseInt(size.split(";", 2)[0].trim(), 16);
          if (length == 0) {
            String trailer;
            do {
              trailer = readLine(in, raw);
            } while (trailer != null && !trailer.isEmpty());
            return raw.toByteArray();
          }
          raw.write(in.readNBytes(length + 2));
        }
      }
      Optional<String> length = headerValue("content-length");
      if (length.isPresent()) {
        int n = Integer.parseInt(length.get());
        byte[] body = in.readNBytes(n);
        if (body.length < n) {
          throw new EOFException("connection closed inside a body");
        }
        return body;
      }
      return response ? in.readAllBytes() : new byte[0];
    }

    private static String readLine(InputStream in, ByteArrayOutputStream raw) throws IOException {
      StringBuilder line = new StringBuilder();
      boolean any = false;
      while (true) {
        int b;
        try {
          b = in.read();
        } catch (SocketException e) {
          b = -1;
        }
        if (b < 0) {
          return any ? line.toString() : null;
        }
        any = true;
        raw.write(b);
        if (b == '\n') {
          int end = line.length();
          if (end > 0 && line.charAt(end - 1) == '\r') {
            line.setLength(end - 1);
          }
          return line.toString();
        }
        line.append((char) b);
      }
    }
  }
}
