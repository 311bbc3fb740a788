package dev.atelier.server.ports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atelier.runtime.spi.ExecProcess;
import dev.atelier.runtime.spi.ExecRequest;
import dev.atelier.server.sockets.SocketRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * The preview proxy's upstream transport against a raw HTTP server the test drives byte by byte
 * (reached through {@code tcp_relay.py}, a process of the workspace, since the proxy only opens
 * ports a workspace process listens on): response framings, streaming in both directions, malformed
 * answers, and WebSockets (echo and revocation) against {@code preview_app.py}.
 *
 * <p>The workspaces here run unsandboxed: a sandboxed workspace has a network namespace of its own
 * from which the host (and so the test's raw server) is unreachable by design. The proxy's path is
 * the same either way (the runtime's {@code openPort}, through the workspace agent); previews of
 * sandboxed workspaces are covered by {@code PreviewProxyIntegrationTests}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestPropertySource(properties = "atelier.runtime.local.sandbox=off")
class PreviewUpstreamIntegrationTests extends PreviewTestSupport {

  private static final int TEN_MB = 10 * 1024 * 1024;

  @Autowired SocketRegistry sockets;

  private final List<ExecProcess> processes = new java.util.ArrayList<>();
  private RawUpstream upstream;
  private int relayPort;
  private String relayCookie;

  @BeforeAll
  void startRelay() throws Exception {
    upstream = new RawUpstream();
    Path content = home.resolve("workspaces").resolve(id);
    try (InputStream in = getClass().getResourceAsStream("/ports/tcp_relay.py")) {
      Files.write(content.resolve("tcp_relay.py"), in.readAllBytes());
    }
    relayPort = freePort();
    startInWorkspace(relayPort, "tcp_relay.py", Integer.toString(upstream.port()));
    relayCookie = previewCookie(cookie, relayPort);
  }

  private void startInWorkspace(int port, String... command) {
    List<String> argv = new java.util.ArrayList<>(List.of("python3", command[0], "" + port));
    argv.addAll(Arrays.asList(command).subList(1, command.length));
    ExecProcess process = runtime.exec(id, new ExecRequest(argv, Map.of(), null, null));
    processes.add(process);
    await(command[0] + " listening")
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              assertThat(process.isAlive()).as(command[0] + " running").isTrue();
              return runtime.listeningPorts(id).stream().anyMatch(p -> p.port() == port);
            });
  }

  @AfterAll
  void stop() throws IOException {
    processes.forEach(ExecProcess::kill);
    upstream.close();
  }

  /** A request to the raw upstream, through the preview host of the relay's port. */
  private HttpRequest.Builder relay(String path) {
    return onHost(previewHost(relayPort), path)
        .timeout(Duration.ofSeconds(60))
        .header("Cookie", relayCookie)
        .header("Origin", "http://" + previewHost(relayPort));
  }

  /** Runs the upstream's side of one exchange in the background. */
  private CompletableFuture<String> serve(UpstreamScript script) {
    return CompletableFuture.supplyAsync(
        () -> {
          try (RawUpstream.Connection connection = upstream.accept()) {
            return script.run(connection);
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
  }

  interface UpstreamScript {
    String run(RawUpstream.Connection connection) throws Exception;
  }

  @Test
  void chunkedResponsesAreDecodedAndTheirHeadersForwarded() throws Exception {
    CompletableFuture<String> served =
        serve(
            c -> {
              String head = c.readHead();
              c.write(
                  "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n"
                      + "X-App: yes\r\nConnection: close, X-Private\r\nX-Private: hop\r\n\r\n");
              c.write("5;ext=1\r\nhello\r\n");
              c.write("7\r\n, world\r\n0\r\nX-Trailer: dropped\r\n\r\n");
              return head;
            });
    HttpResponse<String> response =
        http.send(relay("/chunked?q=1").build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("hello, world");
    assertThat(response.headers().firstValue("X-App")).hasValue("yes");
    assertThat(response.headers().firstValue("X-Private")).isEmpty();
    assertThat(response.headers().firstValue("X-Trailer")).isEmpty();
    String head = served.get(10, TimeUnit.SECONDS);
    assertThat(head).startsWith("GET /chunked?q=1 HTTP/1.1\r\n");
    assertThat(RawUpstream.Connection.header(head, "Host")).isEqualTo("localhost:" + relayPort);
    assertThat(RawUpstream.Connection.header(head, "Connection")).isEqualTo("close");
    assertThat(head).doesNotContain("JSESSIONID");
  }

  @Test
  void aResponseWithoutLengthLastsUntilTheUpstreamCloses() throws Exception {
    byte[] body = "no length, just the end of the connection".repeat(1000).getBytes();
    serve(
        c -> {
          c.readHead();
          c.write("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\n");
          c.out.write(body);
          return "";
        }); // the try-with-resources closes the connection: the body's end
    HttpResponse<byte[]> response =
        http.send(relay("/eof").build(), HttpResponse.BodyHandlers.ofByteArray());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo(body);
  }

  @Test
  void headGetsTheHeadersAndNoBodyWithoutWaitingForOne() throws Exception {
    CountDownLatch answered = new CountDownLatch(1);
    CompletableFuture<String> served =
        serve(
            c -> {
              String head = c.readHead();
              c.write("HTTP/1.1 200 OK\r\nContent-Length: 5000\r\nX-App: head\r\n\r\n");
              answered.await(20, TimeUnit.SECONDS); // keeps the connection open meanwhile
              return head;
            });
    HttpResponse<String> response =
        http.send(
            relay("/file").method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
            HttpResponse.BodyHandlers.ofString());
    answered.countDown();
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEmpty();
    assertThat(response.headers().firstValue("X-App")).hasValue("head");
    assertThat(served.get(10, TimeUnit.SECONDS)).startsWith("HEAD /file HTTP/1.1\r\n");
  }

  @Test
  void interimResponsesAreSkipped() throws Exception {
    serve(
        c -> {
          c.readHead();
          c.write("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n");
          c.write("HTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\nok");
          return "";
        });
    HttpResponse<String> response =
        http.send(
            relay("/x")
                .header("Origin", "http://localhost:" + port)
                .POST(HttpRequest.BodyPublishers.ofString("a=1"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(201);
    assertThat(response.body()).isEqualTo("ok");
  }

  @Test
  void aTenMegabyteDownloadIsStreamedNotBuffered() throws Exception {
    byte[] data = new byte[TEN_MB];
    new Random(7).nextBytes(data);
    CountDownLatch firstMegabyteArrived = new CountDownLatch(1);
    CompletableFuture<String> served =
        serve(
            c -> {
              c.readHead();
              c.write("HTTP/1.1 200 OK\r\nContent-Length: " + data.length + "\r\n\r\n");
              c.out.write(data, 0, 2 * 1024 * 1024);
              c.out.flush();
              // the rest only once the browser has the first megabyte: a proxy that buffers
              // the whole body would never get there
              boolean streamed = firstMegabyteArrived.await(20, TimeUnit.SECONDS);
              c.out.write(data, 2 * 1024 * 1024, data.length - 2 * 1024 * 1024);
              return Boolean.toString(streamed);
            });
    HttpResponse<InputStream> response =
        http.send(relay("/big.bin").build(), HttpResponse.BodyHandlers.ofInputStream());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValueAsLong("Content-Length")).hasValue(data.length);
    ByteArrayOutputStream received = new ByteArrayOutputStream();
    try (InputStream in = response.body()) {
      byte[] buffer = new byte[64 * 1024];
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        received.write(buffer, 0, n);
        if (received.size() >= 1024 * 1024) {
          firstMegabyteArrived.countDown();
        }
      }
    }
    assertThat(served.get(30, TimeUnit.SECONDS)).as("streamed before the end").isEqualTo("true");
    assertThat(sha256(received.toByteArray())).isEqualTo(sha256(data));
  }

  @Test
  void aPostBodyIsStreamedToTheUpstreamWhileTheBrowserSendsIt() throws Exception {
    byte[] data = new byte[TEN_MB];
    new Random(11).nextBytes(data);
    CountDownLatch firstMegabyteArrived = new CountDownLatch(1);
    CompletableFuture<String> served =
        serve(
            c -> {
              String head = c.readHead();
              MessageDigest sha = MessageDigest.getInstance("SHA-256");
              long[] total = {0};
              c.readChunked(
                  chunk -> {
                    sha.update(chunk);
                    total[0] += chunk.length;
                    if (total[0] >= 1024 * 1024) {
                      firstMegabyteArrived.countDown();
                    }
                  });
              String answer = total[0] + " " + HexFormat.of().formatHex(sha.digest());
              c.write("HTTP/1.1 200 OK\r\nContent-Length: " + answer.length() + "\r\n\r\n");
              c.write(answer);
              return head;
            });
    // the browser sends 2 MB, then the rest only once the upstream has the first megabyte
    InputStream body =
        new InputStream() {
          private int position;

          @Override
          public int read() {
            throw new UnsupportedOperationException();
          }

          @Override
          public int read(byte[] b, int off, int len) {
            if (position == data.length) {
              return -1;
            }
            if (position == 2 * 1024 * 1024) {
              try {
                if (!firstMegabyteArrived.await(20, TimeUnit.SECONDS)) {
                  return -1; // the upload is cut short and the digest below differs
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return -1;
              }
            }
            int limit = position < 2 * 1024 * 1024 ? 2 * 1024 * 1024 : data.length;
            int n = Math.min(len, limit - position);
            System.arraycopy(data, position, b, off, n);
            position += n;
            return n;
          }
        };
    HttpResponse<String> response =
        http.send(
            relay("/upload")
                .header("Origin", "http://localhost:" + port)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo(data.length + " " + sha256(data));
    String head = served.get(10, TimeUnit.SECONDS);
    assertThat(head).startsWith("POST /upload HTTP/1.1\r\n");
    assertThat(RawUpstream.Connection.header(head, "Transfer-Encoding")).isEqualTo("chunked");
    assertThat(RawUpstream.Connection.header(head, "Authorization")).isNull();
  }

  @Test
  void malformedResponseHeadsBecomeA502Problem() throws Exception {
    for (String bad :
        List.of(
            "HTTP/1.1 OK\r\n\r\n",
            "HTTP/1.1 200 OK\r\nBad Header: x\r\n\r\n",
            "HTTP/1.1 200 OK\r\n folded: x\r\n\r\n",
            "SSH-2.0-OpenSSH_9.2\r\n",
            "HTTP/1.1 200 OK\r\nContent-Length: 12, 13\r\n\r\n")) {
      serve(
          c -> {
            c.readHead();
            c.write(bad);
            return "";
          });
      HttpResponse<String> response =
          http.send(relay("/bad").build(), HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).as(bad).isEqualTo(502);
      assertThat(response.headers().firstValue("Content-Type").orElseThrow())
          .startsWith("application/problem+json");
      JsonNode problem = json(response);
      assertThat(problem.path("code").asText()).isEqualTo("BAD_UPSTREAM_RESPONSE");
      assertThat(problem.path("detail").asText())
          .contains("port " + relayPort, "did not answer with valid HTTP");
    }
  }

  @Test
  void oversizedResponseHeadsBecomeA502Problem() throws Exception {
    String bigValue = "v".repeat(1000);
    StringBuilder tooLarge = new StringBuilder("HTTP/1.1 200 OK\r\n");
    for (int i = 0; i < 70; i++) {
      tooLarge.append("X-Big-").append(i).append(": ").append(bigValue).append("\r\n");
    }
    StringBuilder tooMany = new StringBuilder("HTTP/1.1 200 OK\r\n");
    for (int i = 0; i < 101; i++) {
      tooMany.append("X-Many-").append(i).append(": 1\r\n");
    }
    Map<String, String> cases =
        Map.of(tooLarge + "\r\n", "larger than 64 KiB", tooMany + "\r\n", "more than 100");
    for (Map.Entry<String, String> entry : cases.entrySet()) {
      serve(
          c -> {
            c.readHead();
            try {
              c.write(entry.getKey());
            } catch (IOException e) {
              // the proxy stopped reading at its limit
            }
            return "";
          });
      HttpResponse<String> response =
          http.send(relay("/big-head").build(), HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(502);
      assertThat(json(response).path("detail").asText()).contains(entry.getValue());
    }
  }

  @Test
  void webSocketsEchoTextAndBinaryThroughTheProxy() throws Exception {
    BlockingQueue<String> received = new LinkedBlockingQueue<>();
    WebSocket socket = openAppSocket(cookie, received);
    assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo("text:host " + previewHost(appPort));
    socket.sendText("héllo", true).get(5, TimeUnit.SECONDS);
    assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo("text:héllo");
    byte[] binary = new byte[200_000]; // a frame with a 64-bit length
    new Random(3).nextBytes(binary);
    socket.sendBinary(ByteBuffer.wrap(binary), true).get(5, TimeUnit.SECONDS);
    assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo("binary:" + sha256(binary));
    assertThat(sockets.open("preview")).isPositive();
    socket.sendClose(1000, "done").get(5, TimeUnit.SECONDS);
    assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo("close:1000");
  }

  @Test
  void refusedOrBrokenUpstreamHandshakesReachTheBrowserAsHttpErrors() throws Exception {
    CompletableFuture<String> served =
        serve(
            c -> {
              String head = c.readHead();
              c.write("HTTP/1.1 403 Forbidden\r\nContent-Length: 4\r\n\r\nnope");
              return head;
            });
    assertThat(handshake()).contains("403");
    String head = served.get(10, TimeUnit.SECONDS);
    assertThat(head).startsWith("GET /ws HTTP/1.1\r\n");
    assertThat(RawUpstream.Connection.header(head, "Upgrade")).isEqualTo("websocket");
    assertThat(RawUpstream.Connection.header(head, "Sec-WebSocket-Version")).isEqualTo("13");
    assertThat(RawUpstream.Connection.header(head, "Sec-WebSocket-Key")).hasSize(24);
    assertThat(head).doesNotContain("JSESSIONID");

    serve(
        c -> {
          c.readHead();
          c.write(
              "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                  + "Sec-WebSocket-Accept: d3JvbmcgYWNjZXB0IHZhbHVlIQ==\r\n\r\n");
          return "";
        });
    assertThat(handshake()).contains("502");
  }

  /** A handshake through the proxy to the raw upstream; the failure's message. */
  private String handshake() {
    var attempt =
        http.newWebSocketBuilder()
            .header("Host", previewHost(relayPort))
            .header("Cookie", relayCookie)
            .header("Origin", "http://" + previewHost(relayPort))
            .buildAsync(URI.create("ws://localhost:" + port + "/ws"), new WebSocket.Listener() {});
    try {
      attempt.get(20, TimeUnit.SECONDS).abort();
      return "connected";
    } catch (Exception e) {
      Throwable root = e;
      while (root.getCause() != null) {
        root = root.getCause();
      }
      return String.valueOf(root.getMessage());
    }
  }

  @Test
  void revokingAccessClosesAnOpenPreviewSocketAtOnce() throws Exception {
    TestUser guest = newUser("viewer");
    JsonNode link =
        json(post("/api/workspaces/" + id + "/shares", "{\"role\":\"READ\"}", owner.token()));
    assertThat(
            post("/api/shares/" + link.path("secret").asText() + "/accept", null, guest.token())
                .statusCode())
        .isEqualTo(200);
    String guestCookie =
        login(guest.account().username(), "password-of-" + guest.account().username());
    BlockingQueue<String> received = new LinkedBlockingQueue<>();
    openAppSocket(guestCookie, received);
    assertThat(received.poll(10, TimeUnit.SECONDS)).startsWith("text:host");
    int tracked = sockets.inWorkspace(id);
    assertThat(tracked).isPositive();

    long revoked = System.nanoTime();
    String linkId = link.path("link").path("id").asText();
    assertThat(delete("/api/workspaces/" + id + "/shares/" + linkId, owner.token()).statusCode())
        .isEqualTo(200);
    assertThat(received.poll(5, TimeUnit.SECONDS)).isEqualTo("close:4403");
    long millis = (System.nanoTime() - revoked) / 1_000_000;
    System.out.println("revoke -> preview socket closed in " + millis + " ms");
    assertThat(millis).isLessThan(1_000);
    assertThat(sockets.inWorkspace(id)).isEqualTo(tracked - 1);
  }

  /** The app's socket through the preview, as the signed-in user of {@code sessionCookie}. */
  private WebSocket openAppSocket(String sessionCookie, BlockingQueue<String> received)
      throws Exception {
    return http.newWebSocketBuilder()
        .header("Host", previewHost(appPort))
        .header("Cookie", previewCookie(sessionCookie, appPort))
        .header("Origin", "http://" + previewHost(appPort))
        .buildAsync(
            URI.create("ws://localhost:" + port + "/socket"),
            new WebSocket.Listener() {
              private final StringBuilder text = new StringBuilder();
              private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

              @Override
              public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                text.append(data);
                if (last) {
                  received.add("text:" + text);
                  text.setLength(0);
                }
                ws.request(1);
                return null;
              }

              @Override
              public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
                byte[] chunk = new byte[data.remaining()];
                data.get(chunk);
                bytes.writeBytes(chunk);
                if (last) {
                  received.add("binary:" + sha256(bytes.toByteArray()));
                  bytes.reset();
                }
                ws.request(1);
                return null;
              }

              @Override
              public CompletionStage<?> onClose(WebSocket ws, int code, String reason) {
                received.add("close:" + code);
                return null;
              }

              @Override
              public void onError(WebSocket ws, Throwable error) {
                received.add("error:" + error);
              }
            })
        .get(20, TimeUnit.SECONDS);
  }

  private static String sha256(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
