package dev.atelier.server.terminal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atelier.server.testsupport.IntegrationTestSupport;
import dev.atelier.server.testsupport.RecordingWebSocket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Terminals against the real local runtime: a bash in the bubblewrap sandbox behind a socket. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TerminalIntegrationTests extends IntegrationTestSupport {

  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  private TestUser owner;
  private String workspace;

  @BeforeAll
  void startWorkspace() {
    owner = newUser("term");
    workspace =
        json(post("/api/workspaces", "{\"stack\":\"python\"}", owner.token())).path("id").asText();
    awaitPhase(workspace, owner.token(), "RUNNING");
  }

  @AfterAll
  void deleteWorkspace() {
    delete("/api/workspaces/" + workspace, owner.token());
  }

  private String newTerminal(String body) {
    HttpResponse<String> created =
        post("/api/workspaces/" + workspace + "/terminals", body, owner.token());
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    return json(created).path("id").asText();
  }

  private RecordingWebSocket connect(String terminal, String token) throws Exception {
    return RecordingWebSocket.connect(
        http,
        URI.create("ws://localhost:" + port + "/terminal/" + workspace + "/" + terminal),
        token);
  }

  @Test
  void shellEvaluatesInputAndReconnectReplaysTheScrollback() throws Exception {
    String terminal = newTerminal("{\"name\":\"main\",\"cols\":100,\"rows\":30}");
    try (RecordingWebSocket socket = connect(terminal, owner.token())) {
      socket.sendText("{\"type\":\"resize\",\"cols\":120,\"rows\":40}");
      socket.sendBinary("echo $((6*7)); stty size\r");
      socket.await(() -> socket.binaryText().contains("42"), TIMEOUT, "42 from the shell");
      socket.await(() -> socket.binaryText().contains("40 120"), TIMEOUT, "the resized PTY");
      // The sandbox runs the shell in the workspace folder.
      socket.sendBinary("pwd\r");
      socket.await(() -> socket.binaryText().contains("/workspace"), TIMEOUT, "pwd");
    }
    try (RecordingWebSocket again = connect(terminal, owner.token())) {
      again.await(
          () -> again.binaryText().contains("42") && again.binaryText().contains("/workspace"),
          TIMEOUT,
          "the replayed scrollback");
      assertThat(again.binaryText()).contains("echo $((6*7))");
      // Still the same, live shell.
      again.sendBinary("echo alive-$((1+1))\r");
      again.await(() -> again.binaryText().contains("alive-2"), TIMEOUT, "the live shell");
    }
    JsonNode listed = json(get("/api/workspaces/" + workspace + "/terminals", owner.token()));
    assertThat(listed.findValuesAsText("name")).contains("main");
  }

  @Test
  void closingATerminalKillsItsProcessTree() throws Exception {
    String terminal = newTerminal(null);
    String marker = "sleep 4" + (System.nanoTime() % 100000);
    try (RecordingWebSocket socket = connect(terminal, owner.token())) {
      socket.sendBinary("(" + marker + " &) ; echo started-$((2+3))\r");
      socket.await(() -> socket.binaryText().contains("started-5"), TIMEOUT, "the background job");
      awaitProcesses(marker, true);

      HttpResponse<String> closed =
          delete("/api/workspaces/" + workspace + "/terminals/" + terminal, owner.token());
      assertThat(closed.statusCode()).isEqualTo(204);
      assertThat(socket.awaitClose(TIMEOUT)).isEqualTo(TerminalSocketHandler.EXITED.getCode());
      assertThat(socket.texts()).anySatisfy(t -> assertThat(t).contains("\"type\":\"exit\""));
    }
    awaitProcesses(marker, false);
    assertThat(json(get("/api/workspaces/" + workspace + "/terminals", owner.token())))
        .noneSatisfy(t -> assertThat(t.path("id").asText()).isEqualTo(terminal));
    assertThat(
            delete("/api/workspaces/" + workspace + "/terminals/" + terminal, owner.token())
                .statusCode())
        .isEqualTo(404);
  }

  @Test
  void exitedShellTellsTheBrowserAndStaysListedUntilClosed() throws Exception {
    String terminal = newTerminal(null);
    try (RecordingWebSocket socket = connect(terminal, owner.token())) {
      socket.sendBinary("exit 3\r");
      assertThat(socket.awaitClose(TIMEOUT)).isEqualTo(4000);
      assertThat(socket.texts()).contains("{\"type\":\"exit\",\"exitCode\":3}");
    }
    JsonNode listed = json(get("/api/workspaces/" + workspace + "/terminals", owner.token()));
    JsonNode exited = null;
    for (JsonNode t : listed) {
      if (t.path("id").asText().equals(terminal)) {
        exited = t;
      }
    }
    assertThat(exited).isNotNull();
    assertThat(exited.path("alive").asBoolean()).isFalse();
    assertThat(exited.path("exitCode").asInt()).isEqualTo(3);
    delete("/api/workspaces/" + workspace + "/terminals/" + terminal, owner.token());
  }

  @Test
  void strangersGetNeitherTheListNorTheSocket() throws Exception {
    String terminal = newTerminal(null);
    TestUser stranger = newUser("stranger");
    assertThat(get("/api/workspaces/" + workspace + "/terminals", stranger.token()).statusCode())
        .isEqualTo(404);
    try (RecordingWebSocket socket = connect(terminal, stranger.token())) {
      assertThat(socket.awaitClose(TIMEOUT)).isEqualTo(4404);
      assertThat(socket.binaryText()).isEmpty();
    }
    delete("/api/workspaces/" + workspace + "/terminals/" + terminal, owner.token());
  }

  @Test
  void badInputGetsClearErrors() throws Exception {
    HttpResponse<String> tooWide =
        post(
            "/api/workspaces/" + workspace + "/terminals",
            "{\"cols\":5000,\"rows\":10}",
            owner.token());
    assertThat(tooWide.statusCode()).isEqualTo(400);
    assertThat(json(tooWide).path("detail").asText()).contains("1-1000 columns");
    String terminal = newTerminal(null);
    try (RecordingWebSocket socket = connect(terminal, owner.token())) {
      socket.sendText("not json");
      socket.await(() -> !socket.texts().isEmpty(), TIMEOUT, "an error frame");
      assertThat(socket.texts().get(0)).contains("\"type\":\"error\"");
      socket.sendBinary("echo still-$((3+4))\r");
      socket.await(() -> socket.binaryText().contains("still-7"), TIMEOUT, "the shell");
    }
    HttpResponse<String> renamed =
        send("PATCH", "/api/workspaces/" + workspace + "/terminals/" + terminal, "{\"name\":\"\"}");
    assertThat(renamed.statusCode()).isEqualTo(400);
    renamed =
        send(
            "PATCH",
            "/api/workspaces/" + workspace + "/terminals/" + terminal,
            "{\"name\":\"server\"}");
    assertThat(json(renamed).path("name").asText()).isEqualTo("server");
    delete("/api/workspaces/" + workspace + "/terminals/" + terminal, owner.token());
  }

  @Test
  void errorFramesAreNotLostWhileTheShellIsPrinting() throws Exception {
    String terminal = newTerminal(null);
    int bad = 40;
    try (RecordingWebSocket socket = connect(terminal, owner.token())) {
      socket.sendBinary("for i in $(seq 1 4000); do echo line-$i; done; echo done-$((4+4))\r");
      for (int i = 0; i < bad; i++) {
        socket.sendText("{\"type\":\"paste\"}");
      }
      socket.await(() -> socket.binaryText().contains("done-8"), TIMEOUT, "the shell's output");
      socket.await(
          () -> socket.texts().size() >= bad, TIMEOUT, bad + " error frames during the output");
      assertThat(socket.texts())
          .hasSize(bad)
          .allSatisfy(t -> assertThat(t).contains("Unknown control message type 'paste'"));
    }
    delete("/api/workspaces/" + workspace + "/terminals/" + terminal, owner.token());
  }

  @Test
  void stoppingTheWorkspaceEndsItsTerminals() throws Exception {
    String other =
        json(post("/api/workspaces", "{\"stack\":\"python\"}", owner.token())).path("id").asText();
    awaitPhase(other, owner.token(), "RUNNING");
    String terminal =
        json(post("/api/workspaces/" + other + "/terminals", null, owner.token()))
            .path("id")
            .asText();
    String marker = "sleep 5" + (System.nanoTime() % 100000);
    try (RecordingWebSocket socket =
        RecordingWebSocket.connect(
            http,
            URI.create("ws://localhost:" + port + "/terminal/" + other + "/" + terminal),
            owner.token())) {
      socket.sendBinary(marker + " & echo bg-$((1+1))\r");
      socket.await(() -> socket.binaryText().contains("bg-2"), TIMEOUT, "the background job");
      awaitProcesses(marker, true);
      assertThat(post("/api/workspaces/" + other + "/stop", null, owner.token()).statusCode())
          .isEqualTo(202);
      socket.awaitClose(TIMEOUT);
    }
    awaitPhase(other, owner.token(), "STOPPED");
    awaitProcesses(marker, false);
    await()
        .atMost(TIMEOUT)
        .pollInterval(Duration.ofMillis(50))
        .until(() -> json(get("/api/workspaces/" + other + "/terminals", owner.token())).isEmpty());
    HttpResponse<String> refused =
        post("/api/workspaces/" + other + "/terminals", null, owner.token());
    assertThat(refused.statusCode()).isEqualTo(409);
    assertThat(json(refused).path("detail").asText()).contains("not running");
    delete("/api/workspaces/" + other, owner.token());
  }

  private HttpResponse<String> send(String method, String path, String body) {
    try {
      return http.send(
          java.net.http.HttpRequest.newBuilder(uri(path))
              .header("Authorization", "Bearer " + owner.token())
              .header("Content-Type", "application/json")
              .method(method, java.net.http.HttpRequest.BodyPublishers.ofString(body))
              .build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static void awaitProcesses(String commandLine, boolean present) {
    await("'" + commandLine + "' " + (present ? "to start" : "to end"))
        .atMost(TIMEOUT)
        .pollInterval(Duration.ofMillis(50))
        .until(
            () ->
                ProcessHandle.allProcesses()
                        .anyMatch(
                            p ->
                                p.info()
                                    .commandLine()
                                    .map(c -> c.endsWith(commandLine))
                                    .orElse(false))
                    == present);
  }
}
