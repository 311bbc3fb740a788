package dev.atelier.gateway;

import static dev.atelier.gateway.TestClient.assertNoError;
import static dev.atelier.gateway.TestClient.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.atelier.gateway.spi.DocumentSource;
import dev.atelier.runtime.local.LocalRuntimeOptions;
import dev.atelier.runtime.local.LocalWorkspaceRuntime;
import dev.atelier.runtime.local.SandboxMode;
import dev.atelier.runtime.spi.WorkspaceSpec;
import dev.atelier.stacks.Stack;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The proof scenarios of the gateway against one real language server, run inside a real local
 * workspace (bubblewrap sandbox when available) through {@link LocalWorkspaceRuntime}. Each
 * subclass supplies a stack and the files, positions and expectations of its language.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class LanguageServerScenarios {

  static final Duration WAIT = Duration.ofSeconds(60);

  private Path root;
  private LocalWorkspaceRuntime local;
  RecordingRuntime runtime;
  LanguageGateway gateway;
  String workspaceId;
  private final List<TestClient> clients = new java.util.ArrayList<>();

  /** Why this language cannot be tested here, or empty when its server is installed. */
  abstract Optional<String> missingServer();

  abstract Stack stack();

  /** Host folders the server needs mounted read-only in the sandbox. */
  List<Path> extraReadOnlyPaths() {
    return List.of();
  }

  /** Files of the test workspace, by path. */
  abstract Map<String, String> files();

  abstract String languageId();

  /** A file with an error, and how to recognise its diagnostic. */
  abstract String errorFile();

  abstract Predicate<String> errorMessage();

  /** Where completion offers {@link #expectedCompletion()}. */
  abstract Position completionAt();

  abstract String expectedCompletion();

  /** A use of a symbol defined in another file, and the files its definition may be in. */
  abstract Position definitionAt();

  abstract Set<String> definitionFiles();

  /** A symbol to rename, and the files whose edits must be in the result. */
  abstract Position renameAt();

  abstract Set<String> renamedFiles();

  /** A substring of the server's command line, to find its process and kill it. */
  abstract String processMarker();

  /** Documents to open before definition and rename (servers index open files). */
  abstract List<String> navigationFiles();

  record Position(String path, int line, int character) {}

  @BeforeAll
  void startRuntime() throws Exception {
    Optional<String> missing = missingServer();
    if (missing.isPresent()) {
      System.out.println("SKIPPED " + getClass().getSimpleName() + ": " + missing.get());
    }
    Assumptions.assumeTrue(missing.isEmpty(), () -> missing.orElse(""));
    root = Files.createTempDirectory("atelier-gateway-it");
    local =
        new LocalWorkspaceRuntime(
            LocalRuntimeOptions.of(root)
                .withSandbox(SandboxMode.AUTO)
                .withExtraReadOnlyPaths(extraReadOnlyPaths()));
    if (!local.sandboxed()) {
      System.out.println(
          getClass().getSimpleName() + ": bubblewrap missing, language servers run unsandboxed");
    }
    runtime = new RecordingRuntime(local);
    startWorkspace();
  }

  @AfterAll
  void stopRuntime() throws Exception {
    if (gateway != null) {
      gateway.close();
    }
    if (local != null && workspaceId != null) {
      local.stop(workspaceId).get(30, TimeUnit.SECONDS);
    }
    if (local != null) {
      local.close();
    }
    if (root != null) {
      try (var walk = Files.walk(root)) {
        walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /** One workspace and one gateway per class: every scenario shares the server, as users do. */
  private void startWorkspace() throws Exception {
    Stack stack = stack();
    for (int attempt = 1; ; attempt++) {
      workspaceId = "w" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
      try {
        local
            .start(new WorkspaceSpec(workspaceId, "owner", stack, null, Map.of()))
            .get(60, TimeUnit.SECONDS);
        break;
      } catch (java.util.concurrent.ExecutionException e) {
        // Another runtime starting on this host (a parallel build) may remove a workspace's cgroup
        // while it is still empty; that is the runtime's race, not the gateway's: try once more.
        if (attempt > 1 || !String.valueOf(e.getCause().getMessage()).contains("cgroup")) {
          throw e;
        }
        System.out.println(
            "Workspace start failed (" + e.getCause().getMessage() + "), retrying once");
      }
    }
    for (var file : files().entrySet()) {
      local
          .files(workspaceId)
          .write(file.getKey(), file.getValue().getBytes(StandardCharsets.UTF_8));
    }
    GatewayOptions options =
        GatewayOptions.defaults()
            .withRequestTimeout(Duration.ofSeconds(45))
            .withRestartBackoff(Duration.ofMillis(200), Duration.ofSeconds(2));
    gateway =
        new LanguageGateway(
            runtime,
            id -> id.equals(workspaceId) ? Optional.of(stack) : Optional.empty(),
            DocumentSource.savedFiles(runtime),
            options);
  }

  /** Each scenario's clients leave, so their documents are closed before the next one. */
  @AfterEach
  void closeClients() {
    clients.forEach(c -> c.session().close());
    clients.clear();
    await("the clients' documents closed")
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(20))
        .until(() -> gateway.servers(workspaceId).stream().allMatch(s -> s.openDocuments() == 0));
    // Let the servers' answers to the closes (empty diagnostics) pass before the next scenario.
    AtomicInteger last = new AtomicInteger(-1);
    await("the servers quiet")
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(50))
        .during(Duration.ofMillis(700))
        .until(
            () -> {
              int count = runtime.processes().stream().mapToInt(p -> p.received().size()).sum();
              return last.getAndSet(count) == count;
            });
  }

  static String uri(String path) {
    return WorkspaceUris.clientUri(path);
  }

  TestClient client() {
    TestClient client = TestClient.connect(gateway, workspaceId);
    clients.add(client);
    client.handshake();
    return client;
  }

  void open(TestClient client, String path) {
    client.open(uri(path), languageId(), files().get(path));
  }

  @Test
  void diagnosticsOfAFileWithAnErrorReachTwoSessionsExactlyOnceEach() throws Exception {
    int openedBefore = didOpens(errorFile());
    int publishedBefore = publishes(errorFile());
    TestClient alice = client();
    TestClient bob = client();
    String uri = uri(errorFile());
    open(alice, errorFile());
    open(bob, errorFile());
    // Clients' own changes are absorbed: the server never sees them.
    alice.notify(
        "textDocument/didChange",
        TestClient.json(
            "{\"textDocument\":{\"uri\":\""
                + uri
                + "\",\"version\":2},\"contentChanges\":[{\"text\":\"x\"}]}"));

    Predicate<JsonObject> error = TestClient.diagnosticsMatching(uri, errorMessage());
    alice.await(error, WAIT, "the error diagnostic at alice");
    bob.await(error, WAIT, "the error diagnostic at bob");
    int fromServer = awaitQuiet(errorFile()) - publishedBefore;
    // The last broadcast reaches the sessions.
    await()
        .atMost(WAIT)
        .until(
            () ->
                alice.diagnosticsFor(uri).size() >= fromServer
                    && bob.diagnosticsFor(uri).size() >= fromServer);

    assertThat(didOpens(errorFile()) - openedBefore).isEqualTo(1);
    assertThat(runtime.sentToServers("textDocument/didChange")).isEmpty();
    assertThat(fromServer).isPositive();
    assertThat(alice.diagnosticsFor(uri)).hasSize(fromServer);
    assertThat(bob.diagnosticsFor(uri)).hasSize(fromServer);
    assertThat(gateway.diagnostics(workspaceId))
        .anySatisfy(
            d -> {
              assertThat(d.path()).isEqualTo(errorFile());
              assertThat(d.diagnostics())
                  .anyMatch(x -> errorMessage().test(x.getMessage().getLeft()));
            });
  }

  private int didOpens(String path) {
    return (int)
        runtime.sentToServers("textDocument/didOpen").stream()
            .filter(
                m ->
                    m.getAsJsonObject("params")
                        .getAsJsonObject("textDocument")
                        .get("uri")
                        .getAsString()
                        .endsWith("/" + path))
            .count();
  }

  private int publishes(String path) {
    return (int)
        runtime.receivedFromServers("textDocument/publishDiagnostics").stream()
            .filter(m -> m.getAsJsonObject("params").get("uri").getAsString().endsWith("/" + path))
            .count();
  }

  /** Waits until the server has published nothing for the URI for a while; returns its count. */
  private int awaitQuiet(String path) {
    AtomicInteger last = new AtomicInteger(-1);
    await("no diagnostics published for " + path + " for 1.5 s")
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(50))
        .during(Duration.ofMillis(1500))
        .until(
            () -> {
              int count = publishes(path);
              return last.getAndSet(count) == count;
            });
    return last.get();
  }

  @Test
  void completionAtAKnownPositionOffersTheKnownItem() {
    TestClient client = client();
    Position at = completionAt();
    open(client, at.path());
    JsonObject response =
        awaitNonEmpty(
            client, "textDocument/completion", at(uri(at.path()), at.line(), at.character()));
    JsonElement result = response.get("result");
    List<JsonElement> items =
        result.isJsonArray()
            ? result.getAsJsonArray().asList()
            : result.getAsJsonObject().getAsJsonArray("items").asList();
    assertThat(items)
        .extracting(i -> i.getAsJsonObject().get("label").getAsString().strip())
        .anyMatch(label -> label.startsWith(expectedCompletion()));
  }

  @Test
  void definitionInAnotherFileComesBackAsAWorkspaceUri() {
    TestClient client = client();
    navigationFiles().forEach(path -> open(client, path));
    Position at = definitionAt();
    JsonObject response =
        awaitNonEmpty(
            client, "textDocument/definition", at(uri(at.path()), at.line(), at.character()));
    JsonElement result = response.get("result");
    List<JsonElement> locations =
        result.isJsonArray() ? result.getAsJsonArray().asList() : List.of(result);
    assertThat(locations).isNotEmpty();
    String target = locations.get(0).getAsJsonObject().get("uri").getAsString();
    assertThat(target).startsWith("atelier:/");
    assertThat(WorkspaceUris.pathOfClientUri(target)).isIn(definitionFiles());
  }

  @Test
  void renameEditsBothFiles() {
    TestClient client = client();
    navigationFiles().forEach(path -> open(client, path));
    Position at = renameAt();
    JsonObject params = at(uri(at.path()), at.line(), at.character());
    params.addProperty("newName", "renamedSymbol");
    // Servers index the other files in the background: ask again until every file is edited.
    Set<String> edited =
        await("a rename that edits " + renamedFiles())
            .atMost(WAIT)
            .pollInterval(Duration.ofMillis(500))
            .until(
                () -> editedFiles(client.request("textDocument/rename", params.deepCopy())),
                files -> files.containsAll(renamedFiles()));
    assertThat(edited).containsAll(renamedFiles());
  }

  static Set<String> editedFiles(JsonObject response) {
    Set<String> files = new HashSet<>();
    if (response.has("error") || response.get("result").isJsonNull()) {
      return files;
    }
    JsonObject edit = response.getAsJsonObject("result");
    if (edit.has("changes")) {
      for (String uri : edit.getAsJsonObject("changes").keySet()) {
        files.add(WorkspaceUris.pathOfClientUri(uri));
      }
    }
    if (edit.has("documentChanges")) {
      for (JsonElement change : edit.getAsJsonArray("documentChanges")) {
        JsonObject document = change.getAsJsonObject().getAsJsonObject("textDocument");
        if (document != null) {
          files.add(WorkspaceUris.pathOfClientUri(document.get("uri").getAsString()));
        }
      }
    }
    return files;
  }

  @Test
  void killedServerIsRestartedAndDiagnosticsReturn() throws Exception {
    TestClient client = client();
    String uri = uri(errorFile());
    open(client, errorFile());
    Predicate<JsonObject> error = TestClient.diagnosticsMatching(uri, errorMessage());
    int before = client.awaitCount(error, 1, WAIT, "the error diagnostic").size();

    ProcessHandle server = serverProcess();
    server.destroyForcibly();
    assertThat(server.onExit().get(10, TimeUnit.SECONDS).isAlive()).isFalse();

    client.awaitCount(error, before + 1, WAIT, "the error diagnostic from the restarted server");
    assertThat(gateway.servers(workspaceId))
        .anySatisfy(
            s -> {
              assertThat(s.restarts()).isEqualTo(1);
              assertThat(s.state()).isEqualTo(ServerStatus.State.RUNNING);
            });
    // The restarted server got the document again, once.
    assertThat(runtime.processes().get(runtime.processes().size() - 1).sent())
        .filteredOn(
            m ->
                m.has("method")
                    && m.get("method").getAsString().equals("textDocument/didOpen")
                    && m.toString().contains("/" + errorFile()))
        .hasSize(1);
  }

  /** The language server process of this test (deepest match among this JVM's descendants). */
  private ProcessHandle serverProcess() {
    return await("a process matching " + processMarker())
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(100))
        .until(this::findServerProcess, Optional::isPresent)
        .orElseThrow();
  }

  private Optional<ProcessHandle> findServerProcess() {
    return ProcessHandle.current()
        .descendants()
        .filter(
            p ->
                p.info()
                    .commandLine()
                    .map(
                        c ->
                            c.contains(processMarker())
                                && !c.contains("nsenter")
                                && !c.contains("setpriv")
                                && !c.contains("setsid")
                                && !c.contains("/usr/bin/env"))
                    .orElse(false))
        .filter(
            p ->
                p.descendants()
                    .noneMatch(
                        d ->
                            d.info()
                                .commandLine()
                                .map(c -> c.contains(processMarker()))
                                .orElse(false)))
        .findFirst();
  }

  /**
   * Repeats a request until the server gives a non-empty answer (servers warm up in the
   * background).
   */
  JsonObject awaitNonEmpty(TestClient client, String method, JsonObject params) {
    return await("a non-empty answer to " + method)
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(300))
        .until(
            () -> {
              JsonObject response = client.request(method, params.deepCopy());
              assertNoError(response);
              return response;
            },
            response -> {
              JsonElement result = response.get("result");
              return !(result == null
                  || result.isJsonNull()
                  || (result.isJsonArray() && result.getAsJsonArray().isEmpty())
                  || (result.isJsonObject()
                      && result.getAsJsonObject().has("items")
                      && result.getAsJsonObject().getAsJsonArray("items").isEmpty()));
            });
  }
}
