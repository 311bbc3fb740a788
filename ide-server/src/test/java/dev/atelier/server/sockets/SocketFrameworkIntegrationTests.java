package dev.atelier.server.sockets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doReturn;

import dev.atelier.server.testsupport.IntegrationTestSupport;
import dev.atelier.server.workspace.WorkspaceAccess;
import dev.atelier.server.workspace.WorkspaceRole;
import java.net.URI;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.handler.WebSocketHandlerDecorator;
import org.springframework.web.socket.server.support.WebSocketHandlerMapping;
import org.springframework.web.socket.server.support.WebSocketHttpRequestHandler;

/**
 * The socket framework itself, through {@link ProbeEndpoint} on the real server: admission
 * (sign-in, unknown workspace, role), message limits and refusals, a slow consumer, and the one
 * registry behind the {@code atelier.sockets.open} gauge. Each refusal must close only its socket.
 */
class SocketFrameworkIntegrationTests extends IntegrationTestSupport {

  private static final Duration WAIT = Duration.ofSeconds(10);

  @TestConfiguration
  static class Probe {
    @Bean
    ProbeEndpoint probeEndpoint() {
      return new ProbeEndpoint();
    }
  }

  @MockitoSpyBean WorkspaceAccess access;
  @Autowired ProbeEndpoint probe;
  @Autowired SocketRegistry registry;
  @Autowired ApplicationContext context;

  private TestUser owner;
  private TestUser reader;
  private String workspaceId;

  @BeforeEach
  void roles() {
    owner = newUser("probe-owner");
    reader = newUser("probe-reader");
    workspaceId = "ws-" + UUID.randomUUID();
    doReturn(Optional.of(WorkspaceRole.OWNER))
        .when(access)
        .role(eq(owner.account().id()), eq(workspaceId));
    doReturn(Optional.of(WorkspaceRole.READ))
        .when(access)
        .role(eq(reader.account().id()), eq(workspaceId));
  }

  @Test
  void anonymousHandshakesAreRefusedBeforeTheEndpoint() {
    int opened = probe.opened.get();
    assertThatThrownBy(() -> Client.connect(http, uri(workspaceId, null), true))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOf(WebSocketHandshakeException.class)
        .satisfies(
            e ->
                assertThat(((WebSocketHandshakeException) e).getResponse().statusCode())
                    .isEqualTo(401));
    assertThat(probe.opened.get()).isEqualTo(opened);
  }

  @Test
  void anUnknownWorkspaceIsClosedWith4404AndNeverOpened() throws Exception {
    int opened = probe.opened.get();
    try (Client c = Client.connect(http, uri("no-such-workspace", owner.token()), true)) {
      assertThat(c.closeCode()).isEqualTo(4404);
      assertThat(c.closeReason).contains("no workspace with id no-such-workspace");
    }
    assertThat(probe.opened.get()).isEqualTo(opened);
    assertThat(registry.inWorkspace("no-such-workspace")).isZero();
  }

  @Test
  void aRoleBelowTheEndpointsMinimumIsClosedWith4403() throws Exception {
    int opened = probe.opened.get();
    try (Client c = Client.connect(http, uri(workspaceId, reader.token()), true)) {
      assertThat(c.closeCode()).isEqualTo(4403);
      assertThat(c.closeReason).contains("needs WRITE access");
    }
    assertThat(probe.opened.get()).isEqualTo(opened);
  }

  @Test
  void theEndpointGetsTheRoleAndWholeMessagesAssembledFromFragments() throws Exception {
    try (Client c = Client.connect(http, uri(workspaceId, owner.token()), true)) {
      assertThat(c.nextText()).isEqualTo("hello OWNER");
      c.socket.sendText("frag", false).get(5, TimeUnit.SECONDS);
      c.socket.sendText("ments", true).get(5, TimeUnit.SECONDS);
      assertThat(c.nextText()).isEqualTo("echo:fragments");
    }
  }

  @Test
  void oversizedMalformedUnsupportedAndFailingFramesCloseOnlyTheirSocket() throws Exception {
    try (Client bystander = Client.connect(http, uri(workspaceId, owner.token()), true)) {
      assertThat(bystander.nextText()).startsWith("hello");
      Map<String, Integer> expected =
          Map.of("oversized", 1009, "fragmented", 1009, "malformed", 1007, "binary", 1003);
      for (Map.Entry<String, Integer> e : expected.entrySet()) {
        try (Client c = Client.connect(http, uri(workspaceId, owner.token()), true)) {
          assertThat(c.nextText()).startsWith("hello");
          switch (e.getKey()) {
            case "oversized" -> c.socket.sendText("x".repeat(ProbeEndpoint.MAX_MESSAGE + 1), true);
            case "fragmented" -> {
              c.socket.sendText("x".repeat(600), false).get(5, TimeUnit.SECONDS);
              c.socket.sendText("x".repeat(600), true);
            }
            case "malformed" -> c.socket.sendText("malformed", true);
            default -> c.socket.sendBinary(ByteBuffer.wrap(new byte[] {1, 2, 3}), true);
          }
          assertThat(c.closeCode()).as(e.getKey()).isEqualTo(e.getValue());
        }
        bystander.socket.sendText("still there?", true).get(5, TimeUnit.SECONDS);
        assertThat(bystander.nextText()).as("after " + e.getKey()).isEqualTo("echo:still there?");
      }
      try (Client c = Client.connect(http, uri(workspaceId, owner.token()), true)) {
        assertThat(c.nextText()).startsWith("hello");
        c.socket.sendText("fail", true);
        assertThat(c.closeCode()).isEqualTo(1011);
      }
      bystander.socket.sendText("and now?", true).get(5, TimeUnit.SECONDS);
      assertThat(bystander.nextText()).isEqualTo("echo:and now?");
    }
  }

  @Test
  void aClientThatStopsReadingIsClosedAtTheSendTimeLimitAndOnlyIt() throws Exception {
    int floods = probe.floodsEnded.size();
    try (Client reading = Client.connect(http, uri(workspaceId, owner.token()), true);
        Client stalled = Client.connect(http, uri(workspaceId, owner.token()), false)) {
      assertThat(reading.nextText()).startsWith("hello");
      assertThat(stalled.nextText()).startsWith("hello");
      await(() -> registry.inWorkspace(workspaceId) == 2, "both sockets counted");
      long start = System.nanoTime();
      // The stalled client reads nothing more from now on: the flood fills the socket's buffers
      // until a send blocks, and the watchdog closes it after the send-time limit.
      stalled.socket.sendText("flood", true).get(5, TimeUnit.SECONDS);
      await(() -> probe.floodsEnded.size() > floods, "the flood refused by the closed socket");
      long millis = (System.nanoTime() - start) / 1_000_000;
      System.out.println("slow consumer closed after " + millis + " ms");
      assertThat(millis).isGreaterThanOrEqualTo(ProbeEndpoint.SEND_TIME_LIMIT.toMillis());
      await(() -> registry.inWorkspace(workspaceId) == 1, "the stalled socket uncounted");
      reading.socket.sendText("unaffected", true).get(5, TimeUnit.SECONDS);
      assertThat(reading.nextText()).isEqualTo("echo:unaffected");
      assertThat(probe.closed.stream().map(s -> s.getCode()).toList())
          .contains(SocketCloses.SLOW_CONSUMER.getCode());
    }
  }

  @Test
  void everySocketIsCountedInTheGaugeAndUncountedWhenItCloses() throws Exception {
    await(() -> registry.open(ProbeEndpoint.KIND) == 0, "no probe socket left by other tests");
    List<Client> clients = new java.util.ArrayList<>();
    try {
      for (int i = 0; i < 3; i++) {
        clients.add(Client.connect(http, uri(workspaceId, owner.token()), true));
        assertThat(clients.get(i).nextText()).startsWith("hello");
      }
      assertThat(registry.open(ProbeEndpoint.KIND)).isEqualTo(3);
      assertThat(registry.inWorkspace(workspaceId)).isEqualTo(3);
      assertThat(probeGauge()).isEqualTo("3.0");
      clients.get(0).close();
      await(() -> registry.open(ProbeEndpoint.KIND) == 2, "a closed socket uncounted");
      assertThat(probeGauge()).isEqualTo("2.0");
    } finally {
      clients.forEach(Client::close);
    }
    await(() -> registry.open(ProbeEndpoint.KIND) == 0, "every socket uncounted");
    assertThat(registry.inWorkspace(workspaceId)).isZero();
    assertThat(probeGauge()).isEqualTo("0.0");
  }

  /** The value of {@code atelier_sockets_open{kind="probe"}} on the Prometheus endpoint. */
  private String probeGauge() {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile(
                "(?m)^atelier_sockets_open\\{[^}]*kind=\"probe\"[^}]*} (\\S+)$")
            .matcher(getManagement("/prometheus").body());
    return m.find() ? m.group(1) : "missing";
  }

  /** Every endpoint of the server is served by the framework's template, so every one counts. */
  @Test
  void everyWebSocketPathOfTheServerGoesThroughTheTemplate() {
    Set<String> kinds =
        context.getBeansOfType(SocketEndpoint.class).values().stream()
            .map(e -> e.spec().kind())
            .collect(Collectors.toSet());
    assertThat(kinds).contains("status", "terminal", "tasks", "lsp", "collab", "probe");
    for (WebSocketHandlerMapping mapping :
        context.getBeansOfType(WebSocketHandlerMapping.class).values()) {
      mapping
          .getHandlerMap()
          .forEach(
              (path, handler) -> {
                assertThat(handler).as(path).isInstanceOf(WebSocketHttpRequestHandler.class);
                WebSocketHandler served =
                    ((WebSocketHttpRequestHandler) handler).getWebSocketHandler();
                if (served instanceof WebSocketHandlerDecorator decorator) {
                  served = decorator.getLastHandler();
                }
                assertThat(served).as(path).isInstanceOf(EndpointHandler.class);
              });
    }
  }

  private URI uri(String workspace, String token) {
    return URI.create(
        "ws://localhost:"
            + port
            + "/probe/"
            + workspace
            + (token == null ? "" : "?token=" + token));
  }

  private static void await(BooleanSupplier condition, String what) {
    Awaitility.await(what)
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(20))
        .until(condition::getAsBoolean);
  }

  /** A test client; a non-reading one takes the first message and then stops reading. */
  private static final class Client implements WebSocket.Listener, AutoCloseable {
    final BlockingQueue<String> texts = new LinkedBlockingQueue<>();
    final CompletableFuture<Integer> closed = new CompletableFuture<>();
    final boolean reads;
    volatile String closeReason;
    WebSocket socket;

    private Client(boolean reads) {
      this.reads = reads;
    }

    static Client connect(java.net.http.HttpClient http, URI uri, boolean keepReading)
        throws Exception {
      Client client = new Client(keepReading);
      client.socket = http.newWebSocketBuilder().buildAsync(uri, client).get(10, TimeUnit.SECONDS);
      return client;
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      texts.add(data.toString());
      if (reads) {
        ws.request(1);
      }
      return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
      if (reads) {
        ws.request(1);
      }
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
      closeReason = reason;
      closed.complete(statusCode);
      return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
      closed.completeExceptionally(error);
    }

    String nextText() throws InterruptedException {
      String text = texts.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
      if (text == null) {
        throw new AssertionError("no text frame within " + WAIT);
      }
      return text;
    }

    int closeCode() throws Exception {
      return closed.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
      if (!socket.isOutputClosed()) {
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
      }
      socket.abort();
    }
  }
}
