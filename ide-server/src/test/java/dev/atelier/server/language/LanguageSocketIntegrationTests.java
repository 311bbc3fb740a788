package dev.atelier.server.language;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atelier.collab.client.CollabClient;
import dev.atelier.documents.CollabDocuments;
import dev.atelier.runtime.spi.WorkspaceRuntime;
import dev.atelier.server.error.AtelierException;
import dev.atelier.server.error.ErrorCode;
import dev.atelier.server.problems.Problem;
import dev.atelier.server.problems.WorkspaceProblems;
import dev.atelier.server.testsupport.IntegrationTestSupport;
import java.net.URI;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.eclipse.lsp4j.TextEdit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * {@code /lsp/{workspaceId}} end to end on the server: a real python workspace in the local
 * runtime, the real pylsp inside it, real WebSocket clients.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LanguageSocketIntegrationTests extends IntegrationTestSupport {

  static final Duration WAIT = Duration.ofSeconds(60);
  static final String UNDEFINED = "undefined name 'undefined_name'";

  @Autowired WorkspaceRuntime runtime;
  @Autowired WorkspaceProblems problems;
  @Autowired LanguageEdits edits;
  @Autowired CollabDocuments documents;

  TestUser owner;
  String token;
  String workspaceId;

  @BeforeAll
  void pythonWorkspace() throws Exception {
    Process probe =
        new ProcessBuilder("/usr/bin/python3", "-c", "import pylsp, pyflakes")
            .redirectErrorStream(true)
            .start();
    Assumptions.assumeTrue(
        probe.waitFor(30, TimeUnit.SECONDS) && probe.exitValue() == 0,
        "pylsp is not installed: apt-get install python3-pylsp python3-pyflakes");
    owner = newUser("lsp");
    token = owner.token();
    workspaceId =
        json(post("/api/workspaces", "{\"stack\":\"python\"}", token)).path("id").asText();
    awaitPhase(workspaceId, token, "RUNNING");
    write("errors.py", "print(undefined_name)\n");
    write("complete.py", "import os\nos.pa\n");
    write("util.py", "def add(a, b):\n    return a + b\n");
    write("main.py", "from util import add\n\nprint(add(1, 2))\n");
  }

  @AfterAll
  void deleteWorkspace() {
    if (workspaceId != null) {
      delete("/api/workspaces/" + workspaceId, token);
    }
  }

  @Test
  void diagnosticsReachEveryClientOnceAndTheProblemsPanelOnce() throws Exception {
    List<List<Problem>> problemRounds = new CopyOnWriteArrayList<>();
    try (AutoCloseable sub = problems.subscribe(workspaceId, problemRounds::add);
        LspSocketClient alice = client(token);
        LspSocketClient bob = client(token)) {
      alice.handshake();
      bob.handshake();
      alice.open("errors.py", "python", "print(undefined_name)\n");
      bob.open("errors.py", "python", "print(undefined_name)\n");
      alice.await(undefinedNameDiagnostics(), WAIT, "diagnostics at alice");
      bob.await(undefinedNameDiagnostics(), WAIT, "diagnostics at bob");
      // Room for duplicates to show up, if any.
      await()
          .during(Duration.ofMillis(1500))
          .atMost(WAIT)
          .until(
              () ->
                  alice.received(undefinedNameDiagnostics()).size() == 1
                      && bob.received(undefinedNameDiagnostics()).size() == 1);

      assertThat(alice.received(undefinedNameDiagnostics())).hasSize(1);
      assertThat(bob.received(undefinedNameDiagnostics())).hasSize(1);
      assertThat(problemRounds.stream().filter(LanguageSocketIntegrationTests::hasUndefinedName))
          .hasSize(1);
      assertThat(problems.list(workspaceId))
          .filteredOn(p -> p.message().contains(UNDEFINED))
          .singleElement()
          .satisfies(
              p -> {
                assertThat(p.path()).isEqualTo("errors.py");
                assertThat(p.line()).isEqualTo(1);
                assertThat(p.column()).isEqualTo(7);
                assertThat(p.severity()).isEqualTo(Problem.Severity.ERROR);
                assertThat(p.source()).isEqualTo("pyflakes");
              });
    }
  }

  @Test
  void completionReturnsTheServersItems() throws Exception {
    try (LspSocketClient client = client(token)) {
      JsonNode init = client.handshake();
      assertThat(init.path("result").path("capabilities").has("completionProvider")).isTrue();
      // A large frame (the client's copy of a big file) is accepted like any other.
      client.open("complete.py", "python", "import os\nos.pa\n" + "#".repeat(300_000));
      JsonNode response = client.request("textDocument/completion", at("complete.py", 1, 5), WAIT);
      assertThat(response.path("error").isMissingNode()).as(response.toString()).isTrue();
      JsonNode result = response.path("result");
      JsonNode items = result.isArray() ? result : result.path("items");
      assertThat(items.findValuesAsText("label")).contains("path");
    }
  }

  @Test
  void aRenameEditsTheOtherFileThroughItsSharedDocument() throws Exception {
    try (LspSocketClient client = client(token)) {
      client.handshake();
      client.open("main.py", "python", "");
      ObjectNode params = at("main.py", 2, 7);
      params.put("newName", "plus");
      JsonNode response = client.request("textDocument/rename", params, WAIT);
      JsonNode utilChanges = editsFor(response.path("result"), "atelier:/util.py");
      assertThat(utilChanges.isArray()).as(response.toString()).isTrue();
      List<TextEdit> utilEdits = List.of(JSON.treeToValue(utilChanges, TextEdit[].class));
      edits.apply(owner.account().id(), workspaceId, "util.py", utilEdits);
      await()
          .atMost(WAIT)
          .untilAsserted(
              () -> assertThat(read("util.py")).isEqualTo("def plus(a, b):\n    return a + b\n"));
      assertThatThrownBy(
              () -> edits.apply(owner.account().id(), workspaceId, "../escape.py", utilEdits))
          .isInstanceOf(AtelierException.class)
          .hasMessageContaining("outside");
      runtime
          .files(workspaceId)
          .write("logo.png", new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 1, 2, 3});
      assertThatThrownBy(
              () -> edits.apply(owner.account().id(), workspaceId, "logo.png", utilEdits))
          .isInstanceOfSatisfying(
              AtelierException.class,
              e -> assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED))
          .hasMessageContaining("not UTF-8 text");
      assertThat(runtime.files(workspaceId).read("logo.png"))
          .containsExactly((byte) 0x89, 'P', 'N', 'G', 0, 1, 2, 3);
      String stranger = newUser("reader").account().id();
      assertThatThrownBy(() -> edits.apply(stranger, workspaceId, "util.py", utilEdits))
          .isInstanceOf(AtelierException.class);
    }
  }

  /**
   * The rename's edit reaches the file through the document only: no second write behind the
   * document's back that the file sync would later merge (three-way, against the text before the
   * rename) with what the peer typed meanwhile, which duplicated the renamed block.
   */
  @Test
  void aRenameWhileAPeerTypesInTheRenamedFileDuplicatesNothing() throws Exception {
    write("shapes.py", "def area(w, h):\n    return w * h\n");
    write("draw.py", "from shapes import area\n\nprint(area(2, 3))\n");
    URI room = URI.create(base() + "/collab/" + workspaceId + "/shapes.py?token=" + token);
    try (LspSocketClient client = client(token);
        CollabClient typist =
            CollabClient.connect(http, room, Map.of())
                .get(20, TimeUnit.SECONDS)
                .awaitSynced(WAIT)) {
      client.handshake();
      client.open("draw.py", "python", "");
      ObjectNode params = at("draw.py", 2, 7);
      params.put("newName", "surface");
      JsonNode response = client.request("textDocument/rename", params, WAIT);
      JsonNode changes = editsFor(response.path("result"), "atelier:/shapes.py");
      assertThat(changes.isArray()).as(response.toString()).isTrue();
      List<TextEdit> renames = List.of(JSON.treeToValue(changes, TextEdit[].class));

      // The peer keeps typing at the end while the rename lands and the file follows.
      StringBuilder typed = new StringBuilder("# ");
      typist.append("# ");
      Thread typing =
          new Thread(
              () -> {
                for (int i = 0; i < 150; i++) {
                  String c = Character.toString('a' + i % 26);
                  typist.append(c);
                  typed.append(c);
                  sleep(10);
                }
              });
      typing.start();
      sleep(50);
      edits.apply(owner.account().id(), workspaceId, "shapes.py", renames);
      typing.join();

      String expected = "def surface(w, h):\n    return w * h\n" + typed;
      long deadline = System.nanoTime() + WAIT.toNanos();
      while ((!expected.equals(read("shapes.py")) || !expected.equals(typist.text()))
          && System.nanoTime() < deadline) {
        sleep(100);
      }
      sleep(1_000); // a late merge of a stale disk change would show up here
      assertThat(typist.text()).isEqualTo(expected);
      assertThat(read("shapes.py")).isEqualTo(expected);
      assertThat(documents.isDirty(workspaceId, "shapes.py")).isFalse();
    }
  }

  @Test
  void malformedJsonGetsAnErrorResponseAndTheSocketStaysOpen() throws Exception {
    try (LspSocketClient client = client(token)) {
      client.handshake();
      client.sendRaw("{this is not json");
      JsonNode error = client.await(m -> m.has("error"), WAIT, "parse error");
      assertThat(error.path("error").path("code").asInt()).isEqualTo(-32700);
      assertThat(error.path("id").isNull()).isTrue();
      client.sendRaw("[1, 2]");
      client.await(
          m -> m.path("error").path("code").asInt() == -32600, WAIT, "invalid request error");

      JsonNode symbols =
          client.request("textDocument/documentSymbol", document("complete.py"), WAIT);
      assertThat(symbols.has("result") || symbols.has("error")).isTrue();
      assertThat(client.isOpen()).isTrue();
    }
  }

  @Test
  void pathsOutsideTheWorkspaceAreRefused() throws Exception {
    try (LspSocketClient client = client(token)) {
      client.handshake();
      for (String uri : List.of("atelier:/../../etc/passwd.py", "file:///etc/passwd")) {
        ObjectNode params = JSON.createObjectNode();
        params.putObject("textDocument").put("uri", uri);
        params.putObject("position").put("line", 0).put("character", 0);
        JsonNode response = client.request("textDocument/hover", params, WAIT);
        assertThat(response.path("error").path("code").asInt())
            .as(response.toString())
            .isEqualTo(-32602);
      }
      assertThat(client.isOpen()).isTrue();
    }
  }

  @Test
  void aUserWithoutAccessIsClosedWith4404AndAnonymousHandshakesGet401() throws Exception {
    String stranger = newUserToken("stranger");
    try (LspSocketClient client = client(stranger)) {
      assertThat(client.closed().get(10, TimeUnit.SECONDS)).isEqualTo(4404);
    }
    try (LspSocketClient client =
        LspSocketClient.connect(http, JSON, URI.create(base() + "/lsp/no-such-workspace"))) {
      throw new AssertionError("anonymous handshake accepted");
    } catch (ExecutionException e) {
      assertThat(e.getCause()).isInstanceOf(WebSocketHandshakeException.class);
      assertThat(((WebSocketHandshakeException) e.getCause()).getResponse().statusCode())
          .isEqualTo(401);
    }
    assertThatThrownBy(() -> client("atl_not-a-real-token").closed().get(10, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class);
  }

  private LspSocketClient client(String secret) throws Exception {
    return LspSocketClient.connect(
        http, JSON, URI.create(base() + "/lsp/" + workspaceId + "?token=" + secret));
  }

  private String base() {
    return "ws://localhost:" + port;
  }

  private void write(String path, String text) {
    runtime.files(workspaceId).write(path, text.getBytes(StandardCharsets.UTF_8));
  }

  /** The edits of one file in a WorkspaceEdit, in either of its forms. */
  private static JsonNode editsFor(JsonNode workspaceEdit, String uri) {
    if (workspaceEdit.path("changes").has(uri)) {
      return workspaceEdit.path("changes").path(uri);
    }
    for (JsonNode change : workspaceEdit.path("documentChanges")) {
      if (uri.equals(change.path("textDocument").path("uri").asText())) {
        return change.path("edits");
      }
    }
    return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
  }

  private String read(String path) {
    return new String(runtime.files(workspaceId).read(path), StandardCharsets.UTF_8);
  }

  private static ObjectNode document(String path) {
    ObjectNode params = JSON.createObjectNode();
    params.putObject("textDocument").put("uri", "atelier:/" + path);
    return params;
  }

  private static ObjectNode at(String path, int line, int character) {
    ObjectNode params = document(path);
    params.putObject("position").put("line", line).put("character", character);
    return params;
  }

  private static Predicate<JsonNode> undefinedNameDiagnostics() {
    return m ->
        "textDocument/publishDiagnostics".equals(m.path("method").asText())
            && "atelier:/errors.py".equals(m.path("params").path("uri").asText())
            && m.path("params").path("diagnostics").findValuesAsText("message").stream()
                .anyMatch(text -> text.contains(UNDEFINED));
  }

  private static boolean hasUndefinedName(List<Problem> list) {
    return list.stream().anyMatch(p -> p.message().contains(UNDEFINED));
  }
}
