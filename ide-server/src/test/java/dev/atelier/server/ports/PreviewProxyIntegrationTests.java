package dev.atelier.server.ports;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atelier.runtime.spi.ExecProcess;
import dev.atelier.runtime.spi.ExecRequest;
import dev.atelier.runtime.spi.WorkspaceRuntime;
import dev.atelier.server.testsupport.IntegrationTestSupport;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The preview proxy against a real server inside a real local workspace (a stdlib-only Python app
 * started through the runtime's exec): HTTP in both directions, WebSocket echo, and who may not get
 * through.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PreviewProxyIntegrationTests extends IntegrationTestSupport {

  @Autowired WorkspaceRuntime runtime;

  private TestUser owner;
  private String cookie;
  private String id;
  private int appPort;
  private String prefix;
  private ExecProcess app;

  @BeforeAll
  void startApp() throws Exception {
    owner = newUser("preview");
    id = json(post("/api/workspaces", "{\"stack\":\"python\"}", owner.token())).path("id").asText();
    awaitPhase(id, owner.token(), "RUNNING");
    Path content = home.resolve("workspaces").resolve(id);
    try (InputStream script = getClass().getResourceAsStream("/ports/preview_app.py")) {
      Files.write(content.resolve("preview_app.py"), script.readAllBytes());
    }
    Files.createDirectories(content.resolve("sub"));
    Files.writeString(content.resolve("sub/page.html"), "<p>inside sub</p>");
    appPort = freePort();
    app =
        runtime.exec(
            id,
            new ExecRequest(
                List.of("python3", "preview_app.py", Integer.toString(appPort)),
                Map.of(),
                null,
                null));
    long deadline = System.nanoTime() + 20_000_000_000L;
    while (runtime.listeningPorts(id).stream().noneMatch(p -> p.port() == appPort)) {
      assertThat(System.nanoTime()).as("app listening on " + appPort).isLessThan(deadline);
      assertThat(app.isAlive()).as("app still running").isTrue();
      sleep(100);
    }
    cookie = login(owner.account().username(), "password-of-" + owner.account().username());
    prefix = "/w/" + id + "/port/" + appPort;
  }

  @AfterAll
  void stopApp() {
    if (app != null) {
      app.kill();
    }
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return http.send(
        request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpRequest.Builder asOwner(String path) {
    return HttpRequest.newBuilder(uri(path))
        .header("Cookie", cookie + "; app=kept")
        .header("Authorization", "Bearer " + owner.token());
  }

  @Test
  void getReturnsTheDirectoryListingAndRedirectsStayUnderThePrefix() throws Exception {
    HttpResponse<String> listing = send(asOwner(prefix + "/"));
    assertThat(listing.statusCode()).isEqualTo(200);
    assertThat(listing.body()).contains("Directory listing", "preview_app.py", "sub/");

    HttpResponse<String> noSlash = send(asOwner(prefix));
    assertThat(noSlash.statusCode()).isEqualTo(302);
    assertThat(noSlash.headers().firstValue("Location").orElseThrow()).endsWith(prefix + "/");

    HttpResponse<String> folder = send(asOwner(prefix + "/sub"));
    assertThat(folder.statusCode()).isEqualTo(301);
    assertThat(folder.headers().firstValue("Location")).hasValue(prefix + "/sub/");
    assertThat(send(asOwner(prefix + "/sub/page.html")).body()).isEqualTo("<p>inside sub</p>");
  }

  @Test
  void postBodiesStreamThroughWithForwardedHeadersAndWithoutAtelierCredentials() throws Exception {
    byte[] chunk = new byte[64 * 1024];
    for (int i = 0; i < chunk.length; i++) {
      chunk[i] = (byte) (i * 31);
    }
    int chunks = 160; // 10 MB, sent with chunked encoding (length unknown up front)
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    for (int i = 0; i < chunks; i++) {
      sha.update(chunk);
    }
    HttpResponse<String> echoed =
        send(
            asOwner(prefix + "/upload?x=1")
                .header("Origin", "http://localhost:" + port)
                .POST(
                    HttpRequest.BodyPublishers.ofInputStream(
                        () -> new RepeatingStream(chunk, chunks))));
    assertThat(echoed.statusCode()).isEqualTo(200);
    JsonNode body = json(echoed);
    assertThat(body.path("path").asText()).isEqualTo("/upload?x=1");
    assertThat(body.path("length").asLong()).isEqualTo((long) chunk.length * chunks);
    assertThat(body.path("sha256").asText()).isEqualTo(HexFormat.of().formatHex(sha.digest()));
    JsonNode headers = body.path("headers");
    assertThat(headers.path("x-forwarded-prefix").asText()).isEqualTo(prefix);
    assertThat(headers.path("x-forwarded-host").asText()).isEqualTo("localhost:" + port);
    assertThat(headers.path("x-forwarded-proto").asText()).isEqualTo("http");
    assertThat(headers.path("x-forwarded-for").asText()).isNotBlank();
    assertThat(headers.has("authorization")).isFalse();
    assertThat(headers.path("cookie").asText()).isEqualTo("app=kept");

    List<String> cookies = echoed.headers().allValues("Set-Cookie");
    assertThat(cookies).noneMatch(c -> c.startsWith("JSESSIONID"));
    assertThat(cookies).containsExactly("app=1; Path=" + prefix + "/");
  }

  @Test
  void crossOriginPostsAreRefused() throws Exception {
    HttpResponse<String> forged =
        send(
            asOwner(prefix + "/transfer")
                .header("Origin", "http://evil.example")
                .POST(HttpRequest.BodyPublishers.ofString("amount=1000")));
    assertThat(forged.statusCode()).isEqualTo(403);
    assertThat(json(forged).path("detail").asText()).contains("Cross-site");
  }

  @Test
  void webSocketsAreRelayedBothWays() throws Exception {
    BlockingQueue<String> received = new LinkedBlockingQueue<>();
    WebSocket socket =
        http.newWebSocketBuilder()
            .header("Cookie", cookie)
            .header("Origin", "http://localhost:" + port)
            .subprotocols("echo.v1")
            .buildAsync(
                URI.create("ws://localhost:" + port + prefix + "/socket"),
                new WebSocket.Listener() {
                  @Override
                  public CompletionStage<?> onText(
                      WebSocket webSocket, CharSequence data, boolean last) {
                    received.add("text:" + data);
                    webSocket.request(1);
                    return null;
                  }

                  @Override
                  public CompletionStage<?> onBinary(
                      WebSocket webSocket, ByteBuffer data, boolean last) {
                    byte[] bytes = new byte[data.remaining()];
                    data.get(bytes);
                    received.add("binary:" + new String(bytes, StandardCharsets.UTF_8));
                    webSocket.request(1);
                    return null;
                  }

                  @Override
                  public CompletionStage<?> onClose(WebSocket webSocket, int code, String reason) {
                    received.add("close:" + code);
                    return null;
                  }
                })
            .get(20, TimeUnit.SECONDS);
    assertThat(socket.getSubprotocol()).isEqualTo("echo.v1");
    assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo("text:prefix " + prefix);
    socket.sendText("hello through the proxy", true).get(5, TimeUnit.SECONDS);
    assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo("text:hello through the proxy");
    socket
        .sendBinary(ByteBuffer.wrap("bytes".getBytes(StandardCharsets.UTF_8)), true)
        .get(5, TimeUnit.SECONDS);
    assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo("binary:bytes");
    socket.sendClose(1000, "done").get(5, TimeUnit.SECONDS);
    assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo("close:1000");
  }

  @Test
  void crossOriginWebSocketHandshakesAreRefused() {
    var attempt =
        http.newWebSocketBuilder()
            .header("Cookie", cookie)
            .header("Origin", "http://evil.example")
            .buildAsync(
                URI.create("ws://localhost:" + port + prefix + "/socket"),
                new WebSocket.Listener() {});
    assertThat(attempt)
        .failsWithin(Duration.ofSeconds(20))
        .withThrowableOfType(java.util.concurrent.ExecutionException.class)
        .havingRootCause()
        .withMessageContaining("403");
  }

  @Test
  void userWithoutAccessGetsForbiddenAndAnonymousNeverGetsThrough() throws Exception {
    TestUser stranger = newUser("stranger");
    String strangerCookie =
        login(stranger.account().username(), "password-of-" + stranger.account().username());
    HttpResponse<String> forbidden = getWithCookie(prefix + "/", strangerCookie);
    assertThat(forbidden.statusCode()).isEqualTo(403);
    assertThat(forbidden.body()).doesNotContain("preview_app.py");

    HttpResponse<String> anonymous =
        send(
            HttpRequest.newBuilder(uri(prefix + "/"))
                .POST(HttpRequest.BodyPublishers.ofString("x")));
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(anonymous.body()).doesNotContain("length");
    HttpResponse<String> browser = send(HttpRequest.newBuilder(uri(prefix + "/")));
    assertThat(browser.statusCode()).isEqualTo(302);
    assertThat(browser.headers().firstValue("Location").orElseThrow()).endsWith("/login");
    HttpResponse<String> tokenOnly =
        send(
            HttpRequest.newBuilder(uri(prefix + "/"))
                .header("Authorization", "Bearer " + owner.token()));
    assertThat(tokenOnly.statusCode()).isEqualTo(302);
    assertThat(tokenOnly.body()).doesNotContain("preview_app.py");
    assertThat(
            send(HttpRequest.newBuilder(uri("/w/no-such-ws/port/" + appPort + "/"))
                    .header("Cookie", cookie))
                .statusCode())
        .isEqualTo(403);
  }

  @Test
  void portsTheWorkspaceDoesNotListenOnAreNotFound() throws Exception {
    for (int other : List.of(managementPort, port, freePort())) {
      HttpResponse<String> response = getWithCookie("/w/" + id + "/port/" + other + "/", cookie);
      assertThat(response.statusCode()).as("port " + other).isEqualTo(404);
      assertThat(json(response).path("code").asText()).isEqualTo("PORT_NOT_FOUND");
    }
    assertThat(getWithCookie("/w/" + id + "/port/99999/", cookie).statusCode()).isEqualTo(400);
    assertThat(runtime.listeningPorts(id)).anyMatch(p -> p.port() == appPort);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** {@code count} copies of {@code chunk}, produced while read (never all in memory). */
  private static final class RepeatingStream extends InputStream {
    private final byte[] chunk;
    private int remaining;
    private int offset;

    RepeatingStream(byte[] chunk, int count) {
      this.chunk = chunk;
      this.remaining = count;
    }

    @Override
    public int read() {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (remaining == 0) {
        return -1;
      }
      int n = Math.min(len, chunk.length - offset);
      System.arraycopy(chunk, offset, b, off, n);
      offset += n;
      if (offset == chunk.length) {
        offset = 0;
        remaining--;
      }
      return n;
    }
  }
}
