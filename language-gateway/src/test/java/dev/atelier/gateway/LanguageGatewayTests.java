package dev.atelier.gateway;

import static dev.atelier.gateway.TestClient.at;
import static dev.atelier.gateway.TestClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.gson.JsonObject;
import dev.atelier.runtime.spi.Phase;
import dev.atelier.runtime.spi.RuntimeEvent;
import dev.atelier.stacks.Command;
import dev.atelier.stacks.LanguageServer;
import dev.atelier.stacks.Stack;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The gateway's protocol and lifecycle behaviour against scripted language servers. */
class LanguageGatewayTests {

  static final Duration WAIT = Duration.ofSeconds(10);
  static final String WS = "ws1";
  static final String A = "atelier:/a.py";

  final FakeRuntime runtime = new FakeRuntime();
  final Map<String, String> files = new ConcurrentHashMap<>();
  final Map<String, Stack> stacks = new ConcurrentHashMap<>();
  GatewayOptions options =
      GatewayOptions.defaults()
          .withWorkspaceRoot("/workspace")
          .withRequestTimeout(Duration.ofSeconds(5))
          .withRestartBackoff(Duration.ofMillis(50), Duration.ofMillis(500));
  LanguageGateway gateway;

  @BeforeEach
  void setUp() {
    files.put("a.py", "print(1)\n");
    stacks.put(WS, stack());
    stacks.put("ws2", stack());
  }

  LanguageGateway gateway() {
    if (gateway == null) {
      gateway =
          new LanguageGateway(
              runtime,
              id -> Optional.ofNullable(stacks.get(id)),
              (id, path) -> Optional.ofNullable(files.get(path)),
              options);
    }
    return gateway;
  }

  @AfterEach
  void tearDown() {
    if (gateway != null) {
      gateway.close();
    }
  }

  static Stack stack() {
    return new Stack(
        "py",
        "Py",
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        List.of(
            new LanguageServer("python", List.of("**/*.py"), Command.argv(List.of("fake-pylsp")))),
        null,
        null);
  }

  TestClient client() {
    return client(WS);
  }

  TestClient client(String workspace) {
    TestClient client = TestClient.connect(gateway(), workspace);
    client.handshake();
    return client;
  }

  FakeLanguageServer server() {
    await()
        .atMost(WAIT)
        .until(
            () -> !runtime.servers.isEmpty() && runtime.last().methods().contains("initialized"));
    return runtime.last();
  }

  @Test
  void handshakeAnnouncesTheForwardedFeaturesAndOpenCloseOnlySync() {
    TestClient client = TestClient.connect(gateway(), WS);
    JsonObject result = client.handshake();
    JsonObject capabilities = result.getAsJsonObject("capabilities");
    assertThat(capabilities.getAsJsonObject("textDocumentSync").get("change").getAsInt()).isZero();
    assertThat(capabilities.getAsJsonObject("textDocumentSync").get("openClose").getAsBoolean())
        .isTrue();
    assertThat(capabilities.get("hoverProvider").getAsBoolean()).isTrue();
    assertThat(
            capabilities
                .getAsJsonObject("completionProvider")
                .get("resolveProvider")
                .getAsBoolean())
        .isTrue();
    assertThat(result.getAsJsonObject("serverInfo").get("name").getAsString()).contains("Atelier");
    assertThat(runtime.execs).as("no server before a document is opened").isEmpty();
  }

  @Test
  void malformedMessagesAreAnsweredWithErrorsAndTheSessionStaysUsable() {
    TestClient client = client();
    client.session().handleMessage("{\"jsonrpc\":\"2.0\",");
    JsonObject parse =
        client.await(m -> m.has("error") && m.get("id").isJsonNull(), WAIT, "parse error");
    assertThat(parse.getAsJsonObject("error").get("code").getAsInt()).isEqualTo(-32700);
    client.session().handleMessage("[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"x\"}]");
    client
        .session()
        .handleMessage("{\"jsonrpc\":\"1.0\",\"id\":\"v\",\"method\":\"textDocument/hover\"}");
    client.session().handleMessage("{\"jsonrpc\":\"2.0\",\"id\":{\"a\":1},\"method\":\"x\"}");
    client
        .session()
        .handleMessage(
            "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"textDocument/hover\",\"params\":\"str\"}");
    client
        .session()
        .handleMessage(
            "{\"jsonrpc\":\"2.0\",\"id\":8,\"method\":\"textDocument/hover\",\"params\":{}}");
    client
        .session()
        .handleMessage(
            "{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"workspace/executeCommand\",\"params\":{}}");

    assertThat(client.awaitResponse("v", WAIT).getAsJsonObject("error").get("code").getAsInt())
        .isEqualTo(-32600);
    assertThat(client.awaitResponse(7, WAIT).getAsJsonObject("error").get("code").getAsInt())
        .isEqualTo(-32600);
    assertThat(client.awaitResponse(8, WAIT).getAsJsonObject("error").get("code").getAsInt())
        .isEqualTo(-32602);
    assertThat(client.awaitResponse(9, WAIT).getAsJsonObject("error").get("code").getAsInt())
        .isEqualTo(-32601);
    assertThat(client.received().stream().filter(m -> m.has("error")).count()).isEqualTo(7);

    client.open(A, "python", "ignored");
    JsonObject hover = client.request("textDocument/hover", at(A, 0, 1));
    assertThat(
            hover.getAsJsonObject("result").getAsJsonObject("contents").get("value").getAsString())
        .isEqualTo("hover file:///workspace/a.py 0:1");
  }

  @Test
  void requestsBeforeInitializeAreRefused() {
    TestClient client = TestClient.connect(gateway(), WS);
    JsonObject response = client.request("textDocument/hover", at(A, 0, 0));
    assertThat(response.getAsJsonObject("error").get("code").getAsInt()).isEqualTo(-32002);
  }

  @Test
  void pathsOutsideTheWorkspaceAreRejectedAndNeverReachTheServer() {
    TestClient client = client();
    for (String uri :
        List.of(
            "atelier:/../etc/passwd",
            "atelier:/a/../../x.py",
            "file:///etc/passwd.py",
            "atelier:/bad%zz.py")) {
      JsonObject response = client.request("textDocument/hover", at(uri, 0, 0));
      assertThat(response.getAsJsonObject("error").get("code").getAsInt())
          .as(uri)
          .isEqualTo(-32602);
    }
    client.open("atelier:/../outside.py", "python", "x");
    client.await(
        m -> m.has("method") && m.get("method").getAsString().equals("window/logMessage"),
        WAIT,
        "a warning");
    assertThat(runtime.execs).isEmpty();
  }

  @Test
  void idsAreRemappedPerSessionAndResponsesReachOnlyTheRequester() {
    TestClient alice = client();
    TestClient bob = client();
    alice.open(A, "python", "");
    bob.open(A, "python", "");
    // Both use id 100 at the same time.
    alice.session().handleMessage(request(100, "textDocument/hover", at(A, 0, 1)));
    bob.session().handleMessage(request(100, "textDocument/hover", at(A, 0, 2)));

    JsonObject toAlice = alice.awaitResponse(100, WAIT);
    JsonObject toBob = bob.awaitResponse(100, WAIT);
    assertThat(
            toAlice
                .getAsJsonObject("result")
                .getAsJsonObject("contents")
                .get("value")
                .getAsString())
        .endsWith("0:1");
    assertThat(
            toBob.getAsJsonObject("result").getAsJsonObject("contents").get("value").getAsString())
        .endsWith("0:2");
    assertThat(
            alice.received().stream()
                .filter(
                    m ->
                        m.has("result")
                            && m.get("result").isJsonObject()
                            && m.getAsJsonObject("result").has("contents"))
                .count())
        .isEqualTo(1);
    assertThat(
            bob.received().stream()
                .filter(
                    m ->
                        m.has("result")
                            && m.get("result").isJsonObject()
                            && m.getAsJsonObject("result").has("contents"))
                .count())
        .isEqualTo(1);
    List<JsonObject> hovers = server().received("textDocument/hover");
    assertThat(hovers).hasSize(2);
    assertThat(hovers.get(0).get("id")).isNotEqualTo(hovers.get(1).get("id"));
  }

  static String request(Object id, String method, JsonObject params) {
    JsonObject message = new JsonObject();
    message.addProperty("jsonrpc", "2.0");
    if (id instanceof Number n) {
      message.addProperty("id", n);
    } else {
      message.addProperty("id", id.toString());
    }
    message.addProperty("method", method);
    message.add("params", params);
    return message.toString();
  }

  @Test
  void locationsAndEditsComeBackAsWorkspaceUrisAndOutsideFilesAreLeftAlone() {
    TestClient client = client();
    client.open(A, "python", "");
    JsonObject definition = client.request("textDocument/definition", at(A, 0, 0));
    assertThat(
            definition.getAsJsonArray("result").get(0).getAsJsonObject().get("uri").getAsString())
        .isEqualTo("atelier:/lib/other.py");
    assertThat(
            definition.getAsJsonArray("result").get(1).getAsJsonObject().get("uri").getAsString())
        .isEqualTo("file:///usr/lib/python3/os.py");
    JsonObject params = at(A, 0, 0);
    params.addProperty("newName", "x");
    JsonObject rename = client.request("textDocument/rename", params);
    assertThat(rename.getAsJsonObject("result").getAsJsonObject("changes").keySet())
        .containsExactlyInAnyOrder("atelier:/a.py", "atelier:/lib/other.py");
  }

  @Test
  void documentsAreOpenedOnceForManyClientsAndChangedOnceIncrementally() {
    TestClient alice = client();
    TestClient bob = client();
    TestClient carol = client();
    files.put("a.py", "line one\nline two\n");
    for (TestClient c : List.of(alice, bob, carol)) {
      c.open(A, "python", "client text is not used");
      c.notify(
          "textDocument/didChange",
          json(
              "{\"textDocument\":{\"uri\":\""
                  + A
                  + "\",\"version\":2},\"contentChanges\":[{\"text\":\"junk\"}]}"));
    }
    FakeLanguageServer server = server();
    await().atMost(WAIT).until(() -> server.documents.containsKey("file:///workspace/a.py"));
    assertThat(server.received("textDocument/didOpen")).hasSize(1);
    assertThat(server.documents.get("file:///workspace/a.py")).isEqualTo("line one\nline two\n");

    gateway().documentChanged(WS, "a.py", "line one\nline 2 ERROR\n");
    await().atMost(WAIT).until(() -> server.received("textDocument/didChange").size() == 1);
    JsonObject change = server.received("textDocument/didChange").get(0).getAsJsonObject("params");
    JsonObject event = change.getAsJsonArray("contentChanges").get(0).getAsJsonObject();
    assertThat(event.get("text").getAsString()).isEqualTo("2 ERROR");
    assertThat(event.getAsJsonObject("range").getAsJsonObject("start").get("line").getAsInt())
        .isEqualTo(1);
    assertThat(change.getAsJsonObject("textDocument").get("version").getAsInt()).isEqualTo(2);
    assertThat(server.documents.get("file:///workspace/a.py"))
        .isEqualTo("line one\nline 2 ERROR\n");

    gateway().documentChanged(WS, "a.py", "line one\nline 2 ERROR\n"); // same text: nothing to send
    gateway().documentSaved(WS, "a.py");
    await().atMost(WAIT).until(() -> server.received("textDocument/didSave").size() == 1);
    assertThat(server.received("textDocument/didChange")).hasSize(1);
    // And each of the three clients saw the resulting diagnostic exactly once.
    for (TestClient c : List.of(alice, bob, carol)) {
      c.await(
          TestClient.diagnosticsMatching(A, m -> m.equals("error on line 1")),
          WAIT,
          "the diagnostic");
    }
    for (TestClient c : List.of(alice, bob, carol)) {
      assertThat(
              c.diagnosticsFor(A).stream()
                  .filter(m -> m.toString().contains("error on line 1"))
                  .count())
          .isEqualTo(1);
    }
  }

  @Test
  void onlyDocumentsAServerHasOpenAreServedSoCallersSkipBuildingOtherTexts() {
    files.put("a.py", "x = 1\n");
    assertThat(gateway().serves(WS, "a.py")).isFalse();
    TestClient alice = client();
    TestClient bob = client();
    alice.open(A, "python", null);
    bob.open(A, "python", null);
    await().atMost(WAIT).until(() -> gateway().serves(WS, "a.py"));
    assertThat(gateway().serves(WS, "./a.py")).isTrue();
    assertThat(gateway().serves(WS, "b.py")).isFalse();
    assertThat(gateway().serves("another-workspace", "a.py")).isFalse();

    alice.close(A);
    bob.close(A);
    await().atMost(WAIT).until(() -> !gateway().serves(WS, "a.py"));
    assertThat(server().received("textDocument/didClose")).hasSize(1);
  }

  @Test
  void diagnosticsAreTranslatedBroadcastAndReplayedToLateJoiners() {
    files.put("a.py", "ERROR here\n");
    TestClient alice = client();
    TestClient bob = client();
    alice.open(A, "python", "");
    JsonObject publish =
        alice.await(
            TestClient.diagnosticsMatching(A, m -> m.equals("error on line 0")),
            WAIT,
            "diagnostic");
    bob.await(
        TestClient.diagnosticsMatching(A, m -> m.equals("error on line 0")),
        WAIT,
        "broadcast to bob");
    assertThat(publish.toString()).doesNotContain("file:///workspace").contains("atelier:/a.py");

    TestClient late = client();
    late.await(
        TestClient.diagnosticsMatching(A, m -> m.equals("error on line 0")),
        WAIT,
        "replay to a late joiner");
    assertThat(gateway().diagnostics(WS))
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.path()).isEqualTo("a.py");
              assertThat(d.uri()).isEqualTo(A);
              assertThat(d.language()).isEqualTo("python");
              assertThat(d.diagnostics())
                  .extracting(x -> x.getMessage().getLeft())
                  .containsExactly("error on line 0");
            });
  }

  @Test
  void aRequestTheServerDoesNotAnswerTimesOutAndIsCancelledThere() {
    options = options.withRequestTimeout(Duration.ofMillis(300));
    files.put("a.py", "HANG\n");
    TestClient client = client();
    client.open(A, "python", "");
    long started = System.nanoTime();
    JsonObject response = client.request("textDocument/hover", at(A, 0, 0));
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    assertThat(response.getAsJsonObject("error").get("code").getAsInt()).isEqualTo(-32803);
    assertThat(response.getAsJsonObject("error").get("message").getAsString())
        .contains("did not answer textDocument/hover");
    FakeLanguageServer server = server();
    long serverId = server.received("textDocument/hover").get(0).get("id").getAsLong();
    await().atMost(WAIT).until(() -> server.received("$/cancelRequest").size() == 1);
    assertThat(
            server
                .received("$/cancelRequest")
                .get(0)
                .getAsJsonObject("params")
                .get("id")
                .getAsLong())
        .isEqualTo(serverId);
  }

  @Test
  void clientCancellationIsForwardedWithTheServersOwnId() {
    files.put("a.py", "HANG\n");
    TestClient client = client();
    client.open(A, "python", "");
    int id = client.sendRequest("textDocument/hover", at(A, 0, 0));
    FakeLanguageServer server = server();
    await().atMost(WAIT).until(() -> server.received("textDocument/hover").size() == 1);
    client.notify("$/cancelRequest", json("{\"id\":" + id + "}"));
    JsonObject response = client.awaitResponse(id, WAIT);
    assertThat(response.getAsJsonObject("error").get("code").getAsInt()).isEqualTo(-32800);
    assertThat(server.received("$/cancelRequest").get(0).getAsJsonObject("params").get("id"))
        .isEqualTo(server.received("textDocument/hover").get(0).get("id"));
  }

  @Test
  void aHungServerDoesNotHoldUpAnotherWorkspace() {
    files.put("a.py", "HANG\n");
    TestClient stuck = client(WS);
    stuck.open(A, "python", "");
    stuck.sendRequest("textDocument/hover", at(A, 0, 0));
    stuck.sendRequest("textDocument/hover", at(A, 0, 1));
    await()
        .atMost(WAIT)
        .until(
            () ->
                runtime.servers.size() == 1
                    && runtime.last().received("textDocument/hover").size() == 2);

    files.put("b.py", "fine\n");
    TestClient other = client("ws2");
    other.open("atelier:/b.py", "python", "");
    long started = System.nanoTime();
    JsonObject hover = other.request("textDocument/hover", at("atelier:/b.py", 0, 0));
    assertThat(hover.has("result")).isTrue();
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
  }

  @Test
  void aCrashedServerIsRestartedWithItsDocumentsReopened() {
    TestClient client = client();
    client.open(A, "python", "");
    FakeLanguageServer first = server();
    gateway().documentChanged(WS, "a.py", "print(2)\n");
    await().atMost(WAIT).until(() -> first.received("textDocument/didChange").size() == 1);

    first.crash();
    await()
        .atMost(WAIT)
        .until(
            () ->
                runtime.servers.size() == 2
                    && runtime.last().documents.containsKey("file:///workspace/a.py"));
    FakeLanguageServer second = runtime.last();
    assertThat(second.documents.get("file:///workspace/a.py")).isEqualTo("print(2)\n");
    assertThat(
            second
                .received("textDocument/didOpen")
                .get(0)
                .getAsJsonObject("params")
                .getAsJsonObject("textDocument")
                .get("version")
                .getAsInt())
        .isEqualTo(2);
    assertThat(gateway().servers(WS))
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.restarts()).isEqualTo(1);
              assertThat(s.state()).isEqualTo(ServerStatus.State.RUNNING);
              assertThat(s.openDocuments()).isEqualTo(1);
            });
    assertThat(client.request("textDocument/hover", at(A, 0, 0)).has("result")).isTrue();
  }

  @Test
  void aServerThatKeepsCrashingIsGivenUpWithAMessage() {
    options = options.withMaxRestarts(2);
    runtime.override = (ws, request) -> FakeLanguageServer.exitingWith(1, "Traceback: boom\n");
    TestClient client = client();
    client.open(A, "python", "");
    JsonObject message =
        client.await(
            m -> m.has("method") && m.get("method").getAsString().equals("window/showMessage"),
            WAIT,
            "a message");
    assertThat(message.getAsJsonObject("params").get("message").getAsString())
        .contains("gave up after 2 restarts")
        .contains("boom");
    assertThat(runtime.execs).hasSize(3);
    assertThat(gateway().servers(WS))
        .singleElement()
        .satisfies(s -> assertThat(s.state()).isEqualTo(ServerStatus.State.FAILED));
  }

  @Test
  void aMissingJavaServerSaysSoAsAMessageAndInRequestErrors() {
    stacks.put(WS, BuiltinStacks.catalog().require("java-maven"));
    runtime.override =
        (ws, request) ->
            FakeLanguageServer.exitingWith(
                127, "atelier: Java language server not installed (...)\n");
    files.put("src/Main.java", "class Main {}\n");
    TestClient client = client();
    client.open("atelier:/src/Main.java", "java", "");
    JsonObject message =
        client.await(
            m -> m.has("method") && m.get("method").getAsString().equals("window/showMessage"),
            WAIT,
            "a message");
    assertThat(message.getAsJsonObject("params").get("type").getAsInt()).isEqualTo(1);
    assertThat(message.getAsJsonObject("params").get("message").getAsString())
        .isEqualTo("Java language server not installed (see docs/language-servers.md)");
    JsonObject hover = client.request("textDocument/hover", at("atelier:/src/Main.java", 0, 0));
    assertThat(hover.getAsJsonObject("error").get("message").getAsString())
        .isEqualTo("Java language server not installed (see docs/language-servers.md)");
    assertThat(runtime.execs.get(runtime.execs.size() - 1).command().get(2))
        .contains("org.eclipse.equinox.launcher_");
    assertThat(client.notifications("window/showMessage")).hasSize(1);
  }

  @Test
  void anIdleServerIsStoppedAndItsDiagnosticsCleared() {
    options = options.withIdleTimeout(Duration.ofMillis(200));
    files.put("a.py", "ERROR\n");
    TestClient client = client();
    client.open(A, "python", "");
    client.await(TestClient.diagnosticsMatching(A, m -> true), WAIT, "diagnostic");
    FakeLanguageServer server = server();
    client.close(A);
    await().atMost(WAIT).until(() -> server.methods().contains("exit"));
    assertThat(server.methods()).containsSubsequence("textDocument/didClose", "shutdown", "exit");
    await()
        .atMost(WAIT)
        .until(() -> gateway().servers(WS).get(0).state() == ServerStatus.State.IDLE);
    assertThat(gateway().diagnostics(WS)).isEmpty();
    // Opening again starts a new server.
    client.open(A, "python", "");
    await().atMost(WAIT).until(() -> runtime.servers.size() == 2);
  }

  @Test
  void stoppingTheWorkspaceStopsItsServersAndRunningAgainReopensTheDocuments() {
    TestClient client = client();
    client.open(A, "python", "");
    FakeLanguageServer first = server();
    runtime.stopped.add(WS);
    runtime.emit(RuntimeEvent.of(WS, Phase.STOPPING));
    await().atMost(WAIT).until(() -> first.methods().contains("exit"));
    JsonObject hover = client.request("textDocument/hover", at(A, 0, 0));
    assertThat(hover.getAsJsonObject("error").get("message").getAsString())
        .contains("is not running");

    runtime.stopped.remove(WS);
    runtime.emit(RuntimeEvent.of(WS, Phase.RUNNING));
    await()
        .atMost(WAIT)
        .until(
            () ->
                runtime.servers.size() == 2
                    && runtime.last().documents.containsKey("file:///workspace/a.py"));
  }

  @Test
  void requestsTheServerDoesNotSupportAreAnsweredEmptyWithoutForwarding() {
    TestClient client = client();
    client.open(A, "python", "");
    server();
    JsonObject response = client.request("textDocument/typeDefinition", at(A, 0, 0));
    assertThat(response.get("result").isJsonNull()).isTrue();
    assertThat(runtime.last().received("textDocument/typeDefinition")).isEmpty();
  }

  @Test
  void completionItemsResolveAtTheServerThatOfferedThem() {
    TestClient client = client();
    client.open(A, "python", "");
    JsonObject completion = client.request("textDocument/completion", at(A, 0, 0));
    JsonObject item =
        completion.getAsJsonObject("result").getAsJsonArray("items").get(0).getAsJsonObject();
    assertThat(item.getAsJsonObject("data").get("uri").getAsString()).isEqualTo(A);
    JsonObject resolved = client.request("completionItem/resolve", item).getAsJsonObject("result");
    assertThat(resolved.get("detail").getAsString()).isEqualTo("resolved file:///workspace/a.py");
    assertThat(resolved.getAsJsonObject("data").get("uri").getAsString()).isEqualTo(A);
  }

  @Test
  void requestsFromTheServerAreAnsweredByTheGateway() {
    TestClient client = client();
    client.open(A, "python", "");
    FakeLanguageServer server = server();
    server.requestFromServer(
        100,
        "workspace/configuration",
        json("{\"items\":[{\"section\":\"a\"},{\"section\":\"b\"}]}"));
    server.requestFromServer(101, "workspace/applyEdit", json("{\"edit\":{}}"));
    server.requestFromServer(102, "custom/thing", json("{}"));
    await().atMost(WAIT).until(() -> server.answersFromGateway.size() == 3);
    assertThat(server.answersFromGateway.get(0).get("result").toString()).isEqualTo("[null,null]");
    assertThat(
            server
                .answersFromGateway
                .get(1)
                .getAsJsonObject("result")
                .get("applied")
                .getAsBoolean())
        .isFalse();
    assertThat(server.answersFromGateway.get(2).getAsJsonObject("error").get("code").getAsInt())
        .isEqualTo(-32601);
    assertThat(client.received()).noneMatch(m -> m.toString().contains("workspace/configuration"));
  }

  @Test
  void closingASessionClosesTheDocumentsOnlyItShowed() {
    TestClient alice = client();
    TestClient bob = client();
    files.put("b.py", "b\n");
    alice.open(A, "python", "");
    bob.open(A, "python", "");
    alice.open("atelier:/b.py", "python", "");
    FakeLanguageServer server = server();
    await().atMost(WAIT).until(() -> server.documents.size() == 2);
    alice.session().close();
    await().atMost(WAIT).until(() -> server.received("textDocument/didClose").size() == 1);
    assertThat(server.received("textDocument/didClose").get(0).toString())
        .contains("file:///workspace/b.py");
    assertThat(server.documents).containsOnlyKeys("file:///workspace/a.py");
    alice.session().handleMessage(request(5, "textDocument/hover", at(A, 0, 0)));
    assertThat(bob.request("textDocument/hover", at(A, 0, 0)).has("result")).isTrue();
  }

  @Test
  void filesNoServerHandlesGetEmptyAnswers() {
    TestClient client = client();
    client.open("atelier:/README.md", "markdown", "# hi");
    JsonObject hover = client.request("textDocument/hover", at("atelier:/README.md", 0, 0));
    assertThat(hover.get("result").isJsonNull()).isTrue();
    assertThat(runtime.execs).isEmpty();
  }

  @Test
  void theWorkspaceFolderIsAskedFromTheRuntimeWhenNotConfigured() {
    options = options.withWorkspaceRoot(null);
    runtime.root = "/srv/atelier/workspaces/ws1";
    TestClient client = client();
    client.open(A, "python", "");
    FakeLanguageServer server = server();
    assertThat(
            server
                .received("initialize")
                .get(0)
                .getAsJsonObject("params")
                .get("rootUri")
                .getAsString())
        .isEqualTo("file:///srv/atelier/workspaces/ws1");
    assertThat(server.documents).containsKey("file:///srv/atelier/workspaces/ws1/a.py");
    assertThat(runtime.execs.get(0).command()).containsExactly("pwd");
  }

  @Test
  void exitEndsTheSessionAndClosesTheSink() {
    TestClient client = client();
    client.request("shutdown", null);
    client.notify("exit", null);
    await().atMost(WAIT).until(client::sinkClosed);
    assertThat(client.session().isOpen()).isFalse();
  }
}
