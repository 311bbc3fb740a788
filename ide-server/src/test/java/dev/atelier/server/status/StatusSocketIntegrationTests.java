package dev.atelier.server.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atelier.server.sockets.SocketRegistry;
import dev.atelier.server.testsupport.IntegrationTestSupport;
import java.net.URI;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** {@code /api/events}: a user's own workspace status, live, over a WebSocket. */
class StatusSocketIntegrationTests extends IntegrationTestSupport {

  @Autowired SocketRegistry sockets;

  @Test
  void ownerReceivesPhaseChangesOfOwnWorkspacesOnly() throws Exception {
    String token = newUserToken("socket");
    String stranger = newUserToken("stranger");
    List<JsonNode> frames = new CopyOnWriteArrayList<>();
    WebSocket socket = connect(token, frames);
    try {
      await().atMost(Duration.ofSeconds(5)).until(() -> sockets.open("status") > 0);
      assertThat(getManagement("/prometheus").body())
          .containsPattern("atelier_sockets_open\\{[^}]*kind=\"status\"[^}]*\\} [1-9]");
      String foreign =
          json(post("/api/workspaces", "{\"stack\":\"python\"}", stranger)).path("id").asText();
      String id =
          json(post("/api/workspaces", "{\"stack\":\"python\"}", token)).path("id").asText();
      awaitPhase(id, token, "RUNNING");
      awaitPhase(foreign, stranger, "RUNNING");
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> frames.stream().anyMatch(f -> f.path("phase").asText().equals("RUNNING")));
      assertThat(frames).allSatisfy(f -> assertThat(f.path("workspaceId").asText()).isEqualTo(id));
      assertThat(frames)
          .extracting(f -> f.path("phase").asText())
          .startsWith("PENDING")
          .contains("RUNNING");

      assertThat(delete("/api/workspaces/" + id, token).statusCode()).isEqualTo(204);
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> frames.stream().anyMatch(f -> f.path("type").asText().equals("deleted")));
      assertThat(frames)
          .last()
          .satisfies(f -> assertThat(f.path("type").asText()).isEqualTo("deleted"));
      assertThat(delete("/api/workspaces/" + foreign, stranger).statusCode()).isEqualTo(204);
    } finally {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void anonymousHandshakeIsRefusedWith401() {
    assertThatThrownBy(() -> connect(null, new CopyOnWriteArrayList<>()))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOf(WebSocketHandshakeException.class)
        .satisfies(
            e ->
                assertThat(((WebSocketHandshakeException) e).getResponse().statusCode())
                    .isEqualTo(401));
  }

  private WebSocket connect(String token, List<JsonNode> frames) throws Exception {
    WebSocket.Builder builder = http.newWebSocketBuilder();
    if (token != null) {
      builder.header("Authorization", "Bearer " + token);
    }
    return builder
        .buildAsync(
            URI.create("ws://localhost:" + port + "/api/events"),
            new WebSocket.Listener() {
              private final StringBuilder text = new StringBuilder();

              @Override
              public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                text.append(data);
                if (last) {
                  frames.add(json(text.toString()));
                  text.setLength(0);
                }
                ws.request(1);
                return CompletableFuture.completedFuture(null);
              }
            })
        .get(10, TimeUnit.SECONDS);
  }

  private static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (Exception e) {
      throw new AssertionError("not JSON: " + text, e);
    }
  }
}
