package dev.atelier.server.ports;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The preview proxy on the preview host, for a viewer who opened the preview: HTTP in both
 * directions, WebSocket echo, and which headers and cookies cross it.
 */
class PreviewProxyIntegrationTests extends PreviewTestSupport {

  private String previewCookie;

  @BeforeAll
  void openPreview() throws Exception {
    previewCookie = previewCookie(cookie, appPort);
  }

  private HttpRequest.Builder asOwner(String path) {
    return preview(path)
        .header("Cookie", previewCookie + "; " + cookie + "; app=kept")
        .header("Authorization", "Bearer " + owner.token());
  }

  @Test
  void getReturnsTheDirectoryListingAndRedirectsStayOnThePreviewHost() throws Exception {
    HttpResponse<String> listing = send(asOwner("/"));
    assertThat(listing.statusCode()).isEqualTo(200);
    assertThat(listing.body()).contains("Directory listing", "preview_app.py", "sub/");

    HttpResponse<String> folder = send(asOwner("/sub"));
    assertThat(folder.statusCode()).isEqualTo(301);
    assertThat(folder.headers().firstValue("Location")).hasValue("/sub/");
    assertThat(send(asOwner("/sub/page.html")).body()).isEqualTo("<p>inside sub</p>");
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
            asOwner("/upload?x=1")
                .header("Origin", "http://" + previewHost(appPort))
                .header("X-Forwarded-For", "203.0.113.66")
                .header("X-Forwarded-Host", "evil.example")
                .header("Forwarded", "for=203.0.113.66")
                .POST(
                    HttpRequest.BodyPublishers.ofInputStream(
                        () -> new RepeatingStream(chunk, chunks))));
    assertThat(echoed.statusCode()).isEqualTo(200);
    JsonNode body = json(echoed);
    assertThat(body.path("path").asText()).isEqualTo("/upload?x=1");
    assertThat(body.path("length").asLong()).isEqualTo((long) chunk.length * chunks);
    assertThat(body.path("sha256").asText()).isEqualTo(HexFormat.of().formatHex(sha.digest()));
    JsonNode headers = body.path("headers");
    assertThat(headers.has("x-forwarded-prefix")).isFalse();
    assertThat(headers.path("x-forwarded-host").asText()).isEqualTo(previewHost(appPort));
    assertThat(headers.path("x-forwarded-proto").asText()).isEqualTo("http");
    // the client's own X-Forwarded-For is dropped: the server says who the peer is
    assertThat(headers.path("x-forwarded-for").asText()).isIn("127.0.0.1", "0:0:0:0:0:0:0:1");
    assertThat(headers.has("forwarded")).isFalse();
    assertThat(headers.has("authorization")).isFalse();
    assertThat(headers.path("cookie").asText()).isEqualTo("app=kept");

    List<String> cookies = echoed.headers().allValues("Set-Cookie");
    assertThat(cookies).noneMatch(c -> c.startsWith("JSESSIONID"));
    assertThat(cookies).noneMatch(c -> c.startsWith(ProxyHeaders.PREVIEW_COOKIE));
    assertThat(cookies).containsExactly("app=1; Path=/");
  }

  @Test
  void crossOriginPostsAreRefusedAndOtherPortsOfTheSameWorkspaceAreNot() throws Exception {
    for (String origin :
        List.of(
            "http://evil.example",
            "http://localhost:" + port,
            "http://" + previewHost("other-workspace", appPort),
            "null")) {
      HttpResponse<String> forged =
          send(
              asOwner("/transfer")
                  .header("Origin", origin)
                  .POST(HttpRequest.BodyPublishers.ofString("amount=1000")));
      assertThat(forged.statusCode()).as(origin).isEqualTo(403);
      assertThat(json(forged).path("detail").asText()).contains("Cross-site");
    }
    HttpResponse<String> sibling =
        send(
            asOwner("/transfer")
                .header("Origin", "http://" + previewHost(3000))
                .POST(HttpRequest.BodyPublishers.ofString("amount=1")));
    assertThat(sibling.statusCode()).isEqualTo(200);
  }

  @Test
  void webSocketsAreRelayedBothWays() throws Exception {
    BlockingQueue<String> received = new LinkedBlockingQueue<>();
    WebSocket socket =
        http.newWebSocketBuilder()
            .header("Host", previewHost(appPort))
            .header("Cookie", previewCookie)
            .header("Origin", "http://" + previewHost(appPort))
            .subprotocols("echo.v1")
            .buildAsync(
                URI.create("ws://localhost:" + port + "/socket"),
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
    assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo("text:host " + previewHost(appPort));
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
    for (String origin : List.of("http://evil.example", "http://localhost:" + port)) {
      var attempt =
          http.newWebSocketBuilder()
              .header("Host", previewHost(appPort))
              .header("Cookie", previewCookie)
              .header("Origin", origin)
              .buildAsync(
                  URI.create("ws://localhost:" + port + "/socket"), new WebSocket.Listener() {});
      assertThat(attempt)
          .as(origin)
          .failsWithin(Duration.ofSeconds(20))
          .withThrowableOfType(java.util.concurrent.ExecutionException.class)
          .havingRootCause()
          .withMessageContaining("403");
    }
  }

  @Test
  void portsTheWorkspaceDoesNotListenOnAreNotFound() throws Exception {
    for (int other : List.of(managementPort, port, freePort())) {
      String otherCookie = previewCookie(cookie, other);
      HttpResponse<String> response =
          send(onHost(previewHost(other), "/").header("Cookie", otherCookie));
      assertThat(response.statusCode()).as("port " + other).isEqualTo(404);
      assertThat(json(response).path("code").asText()).isEqualTo("PORT_NOT_FOUND");
    }
    assertThat(getWithCookie("/w/" + id + "/port/99999/", cookie).statusCode()).isEqualTo(400);
    assertThat(runtime.listeningPorts(id)).anyMatch(p -> p.port() == appPort);
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
