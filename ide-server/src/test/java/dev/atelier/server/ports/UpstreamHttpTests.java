package dev.atelier.server.ports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.atelier.runtime.spi.WorkspaceRuntime;
import dev.atelier.runtime.spi.WorkspaceRuntimeException;
import dev.atelier.server.error.AtelierException;
import dev.atelier.server.error.ErrorCode;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.web.socket.CloseStatus;

/** The preview's HTTP/1.1 parsing, body framings, WebSocket frame tracking and error mapping. */
class UpstreamHttpTests {

  private static InputStream bytes(String text) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.ISO_8859_1));
  }

  private static ResponseHead head(String text) throws IOException {
    return ResponseHead.read(bytes(text));
  }

  @Test
  void aValidHeadIsReadUpToTheBody() throws IOException {
    InputStream in =
        bytes("HTTP/1.1 404 Not Found\r\nA: 1\nSet-Cookie: x=1\r\nset-cookie: y=2\r\n\r\nbody");
    ResponseHead head = ResponseHead.read(in);
    assertThat(head.status()).isEqualTo(404);
    assertThat(head.first("a")).isEqualTo("1");
    assertThat(head.all("Set-Cookie")).containsExactly("x=1", "y=2");
    assertThat(new String(in.readAllBytes(), StandardCharsets.ISO_8859_1)).isEqualTo("body");
    assertThat(head("HTTP/1.0 200\r\n\r\n").status()).isEqualTo(200);
    assertThat(
            head("HTTP/1.1 200 OK\r\nConnection: Keep-Alive, X-A\r\n\r\n")
                .lists("connection", "x-a"))
        .isTrue();
  }

  @Test
  void malformedHeadsAreRefusedWithAReason() {
    String[][] cases = {
      {"", "without sending a response"},
      {"HTTP/1.1 200 OK\r\nA: 1\r\n", "ended inside the response head"},
      {"HTTP/2 200 OK\r\n\r\n", "status line"},
      {"HTTP/1.1 2000 OK\r\n\r\n", "status line"},
      {"HTTP/1.1 099 Low\r\n\r\n", "status line"},
      {"HTTP/1.1 200 O\u0001K\r\n\r\n", "control characters"},
      {"HTTP/1.1 200 OK\r\nNoColon\r\n\r\n", "no name"},
      {"HTTP/1.1 200 OK\r\n: empty\r\n\r\n", "no name"},
      {"HTTP/1.1 200 OK\r\nA B: 1\r\n\r\n", "not a token"},
      {"HTTP/1.1 200 OK\r\nA: 1\r\n  continued\r\n\r\n", "folds"},
      {"HTTP/1.1 200 OK\r\nA: x\ry\r\n\r\n", "control characters"},
      {"HTTP/1.1 200 OK\r\nA: \u0000\r\n\r\n", "NUL"},
    };
    for (String[] c : cases) {
      assertThatThrownBy(() -> head(c[0]))
          .as(c[0])
          .isInstanceOf(ResponseHead.Malformed.class)
          .hasMessageContaining(c[1]);
    }
  }

  @Test
  void headsAreBoundedInSizeAndFieldCount() {
    StringBuilder many = new StringBuilder("HTTP/1.1 200 OK\r\n");
    for (int i = 0; i <= ResponseHead.MAX_HEADERS; i++) {
      many.append("H").append(i).append(": v\r\n");
    }
    assertThatThrownBy(() -> head(many + "\r\n")).hasMessageContaining("more than 100");
    String oneHugeLine = "HTTP/1.1 200 OK\r\nA: " + "x".repeat(ResponseHead.MAX_HEAD_BYTES);
    assertThatThrownBy(() -> head(oneHugeLine)).hasMessageContaining("larger than 64 KiB");
  }

  @Test
  void framingFollowsMethodStatusAndHeaders() throws IOException {
    assertThat(UpstreamBodies.framing("HEAD", head("HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\n")))
        .isEqualTo(UpstreamBodies.Framing.NONE);
    for (int status : new int[] {204, 304}) {
      assertThat(UpstreamBodies.framing("GET", head("HTTP/1.1 " + status + " X\r\n\r\n")))
          .isEqualTo(UpstreamBodies.Framing.NONE);
    }
    assertThat(
            UpstreamBodies.framing(
                "GET",
                head(
                    "HTTP/1.1 200 OK\r\nContent-Length: 9\r\nTransfer-Encoding: gzip, chunked\r\n\r\n")))
        .isEqualTo(UpstreamBodies.Framing.CHUNKED);
    assertThat(
            UpstreamBodies.framing(
                "GET", head("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n")))
        .isEqualTo(UpstreamBodies.Framing.UNTIL_CLOSE);
    assertThat(UpstreamBodies.framing("GET", head("HTTP/1.1 200 OK\r\n\r\n")))
        .isEqualTo(UpstreamBodies.Framing.UNTIL_CLOSE);
    assertThat(
            UpstreamBodies.contentLength(head("HTTP/1.1 200 OK\r\nContent-Length: 7, 7\r\n\r\n")))
        .isEqualTo(7);
    for (String bad : new String[] {"-1", "1e3", "", "99999999999999999999", "7, 8"}) {
      assertThatThrownBy(
              () ->
                  UpstreamBodies.contentLength(
                      head("HTTP/1.1 200 OK\r\nContent-Length: " + bad + "\r\n\r\n")))
          .as(bad)
          .isInstanceOf(ResponseHead.Malformed.class);
    }
  }

  @Test
  void chunkedBodiesAreDecodedWithinBounds() throws IOException {
    InputStream chunked =
        new UpstreamBodies.Chunked(
            bytes("3;name=value\r\nabc\r\nA\r\n0123456789\r\n0\r\nTrailer: t\r\n\r\nnext"));
    assertThat(new String(chunked.readAllBytes(), StandardCharsets.ISO_8859_1))
        .isEqualTo("abc0123456789");
    assertThat(chunked.read()).isEqualTo(-1);

    String[][] cases = {
      {"zz\r\n", "invalid chunk size"},
      {"\r\n", "invalid chunk size"},
      {"1000000000000000\r\n", "invalid chunk size"},
      {"3 x\r\nabc\r\n0\r\n\r\n", "chunk-size line"},
      {"3;" + "e".repeat(UpstreamBodies.MAX_CHUNK_LINE) + "\r\n", "longer than"},
      {"3\r\nabcd\r\n0\r\n\r\n", "longer than its size"},
    };
    for (String[] c : cases) {
      assertThatThrownBy(() -> new UpstreamBodies.Chunked(bytes(c[0])).readAllBytes())
          .as(c[0])
          .isInstanceOf(ResponseHead.Malformed.class)
          .hasMessageContaining(c[1]);
    }
    assertThatThrownBy(() -> new UpstreamBodies.Chunked(bytes("5\r\nab")).readAllBytes())
        .isInstanceOf(EOFException.class);
    assertThatThrownBy(() -> new UpstreamBodies.Fixed(bytes("short"), 10).readAllBytes())
        .isInstanceOf(EOFException.class);
    assertThat(new UpstreamBodies.Fixed(bytes("exactly+more"), 7).readAllBytes())
        .isEqualTo("exactly".getBytes(StandardCharsets.ISO_8859_1));
  }

  @Test
  void interimResponsesAreSkippedButNotForever() throws IOException {
    assertThat(
            HttpForwarder.finalHead(
                    bytes(
                        "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Hints\r\n\r\nHTTP/1.1 200 OK\r\n\r\n"))
                .status())
        .isEqualTo(200);
    assertThat(HttpForwarder.finalHead(bytes("HTTP/1.1 101 Switching\r\n\r\n")).status())
        .isEqualTo(101);
    assertThatThrownBy(
            () -> HttpForwarder.finalHead(bytes("HTTP/1.1 100 Continue\r\n\r\n".repeat(11))))
        .hasMessageContaining("interim");
  }

  @Test
  void redirectsToTheWorkspacesOwnLoopbackStayUnderThePrefix() {
    String prefix = "/w/ws-1/port/8000";
    for (String host : new String[] {"localhost", "127.0.0.1", "[::1]"}) {
      assertThat(HttpForwarder.rewriteLocation("http://" + host + ":8000/a?b", prefix, 8000))
          .isEqualTo(prefix + "/a?b");
    }
    assertThat(HttpForwarder.rewriteLocation("http://localhost:9000/a", prefix, 8000))
        .isEqualTo("http://localhost:9000/a");
    assertThat(HttpForwarder.rewriteLocation("/a", prefix, 8000)).isEqualTo(prefix + "/a");
  }

  @Test
  void frameBoundariesAreFollowedAcrossReads() {
    WebSocketRelay.FrameBoundaries frames = new WebSocketRelay.FrameBoundaries();
    assertThat(frames.atBoundary()).isTrue();
    byte[] small = {(byte) 0x81, 3, 'a', 'b', 'c'};
    frames.advance(small, 0, 4);
    assertThat(frames.atBoundary()).isFalse();
    frames.advance(small, 4, 1);
    assertThat(frames.atBoundary()).isTrue();

    byte[] medium = new byte[4 + 300];
    medium[0] = (byte) 0x82;
    medium[1] = 126;
    medium[2] = 1;
    medium[3] = 44; // 300
    frames.advance(medium, 0, 1);
    assertThat(frames.atBoundary()).isFalse();
    frames.advance(medium, 1, 200);
    frames.advance(medium, 201, medium.length - 201);
    assertThat(frames.atBoundary()).isTrue();

    byte[] large = {(byte) 0x82, 127, 0, 0, 0, 0, 0, 1, 0, 0}; // 65536 bytes follow
    frames.advance(large, 0, large.length);
    frames.advance(new byte[65535], 0, 65535);
    assertThat(frames.atBoundary()).isFalse();
    frames.advance(new byte[1], 0, 1);
    assertThat(frames.atBoundary()).isTrue();

    byte[] maskedEmpty = {(byte) 0x89, (byte) 0x80, 1, 2, 3, 4};
    frames.advance(maskedEmpty, 0, 5);
    assertThat(frames.atBoundary()).isFalse();
    frames.advance(maskedEmpty, 5, 1);
    assertThat(frames.atBoundary()).isTrue();
  }

  @Test
  void theCloseFrameCarriesCodeAndReason() {
    byte[] frame = WebSocketRelay.closeFrame(new CloseStatus(4403, "revoked"));
    assertThat(frame[0] & 0xff).isEqualTo(0x88);
    assertThat(frame[1]).isEqualTo((byte) 9);
    assertThat(((frame[2] & 0xff) << 8) | (frame[3] & 0xff)).isEqualTo(4403);
    assertThat(new String(frame, 4, 7, StandardCharsets.UTF_8)).isEqualTo("revoked");
    assertThat(WebSocketRelay.closeFrame(new CloseStatus(4403, "x".repeat(300)))).hasSize(125 + 2);
  }

  @Test
  void handshakeKeysAndAcceptValuesFollowRfc6455() {
    // the example of RFC 6455 section 1.3
    assertThat(WebSocketRelays.accept("dGhlIHNhbXBsZSBub25jZQ=="))
        .isEqualTo("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
    assertThat(WebSocketRelays.validKey("dGhlIHNhbXBsZSBub25jZQ==")).isTrue();
    assertThat(WebSocketRelays.validKey("short")).isFalse();
    assertThat(WebSocketRelays.validKey("!!!!!!!!!!!!!!!!!!!!!!!!")).isFalse();
    assertThat(WebSocketRelays.validKey(null)).isFalse();
  }

  @Test
  void runtimeErrorsOfOpenPortBecomeClearProblems() {
    WorkspaceRuntime runtime = mock(WorkspaceRuntime.class);
    when(runtime.type()).thenReturn("kubernetes");
    PortDialer dialer = new PortDialer(runtime);
    WorkspacePorts.Target target = new WorkspacePorts.Target("ws-1", 8000);
    Object[][] cases = {
      {WorkspaceRuntimeException.ErrorCode.NOT_RUNNING, ErrorCode.PORT_NOT_FOUND, "not running"},
      {WorkspaceRuntimeException.ErrorCode.PORT_UNREACHABLE, ErrorCode.PORT_NOT_FOUND, "8000"},
      {
        WorkspaceRuntimeException.ErrorCode.AGENT_UNAVAILABLE,
        ErrorCode.RUNTIME_UNAVAILABLE,
        "agent"
      },
      {
        WorkspaceRuntimeException.ErrorCode.UNSUPPORTED, ErrorCode.RUNTIME_UNAVAILABLE, "kubernetes"
      },
    };
    for (Object[] c : cases) {
      doThrow(new WorkspaceRuntimeException((WorkspaceRuntimeException.ErrorCode) c[0], "inner"))
          .when(runtime)
          .openPort("ws-1", 8000);
      assertThatThrownBy(() -> dialer.open(target))
          .as(c[0].toString())
          .isInstanceOfSatisfying(AtelierException.class, e -> assertThat(e.code()).isEqualTo(c[1]))
          .hasMessageContaining((String) c[2]);
    }
  }
}
