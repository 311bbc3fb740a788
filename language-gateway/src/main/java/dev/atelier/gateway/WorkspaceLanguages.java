package dev.atelier.gateway;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.atelier.gateway.GatewayException.ErrorCode;
import dev.atelier.gateway.launch.FileLanguages;
import dev.atelier.gateway.launch.ServerLaunch;
import dev.atelier.gateway.protocol.JsonRpc;
import dev.atelier.stacks.Stack;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.lsp4j.MessageParams;
import org.eclipse.lsp4j.MessageType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The language services of one workspace: its sessions, the documents they show, its language
 * servers and their diagnostics. Everything mutable is confined to one {@link SerialExecutor}, so a
 * slow or hung workspace never holds up another; blocking work (exec, reading files) runs on the
 * shared pool or is short.
 */
final class WorkspaceLanguages {

  private static final Logger log = LoggerFactory.getLogger(WorkspaceLanguages.class);

  private final String workspaceId;
  private final GatewayContext ctx;
  private final SerialExecutor executor;
  private final DiagnosticsStore diagnostics;
  private final SessionProtocol protocol;
  private final WorkspaceProcesses processes;

  // Confined to the executor (servers is also read by status queries).
  private final Map<String, GatewaySession> sessions = new LinkedHashMap<>();
  private final Map<String, TrackedDocument> documents = new LinkedHashMap<>();
  // The keys of documents, readable from any thread (documents is confined to the executor). A
  // path is added before its text is read, so a change the caller skipped because the path was not
  // here yet is in the text the open reads.
  private final Set<String> tracked = ConcurrentHashMap.newKeySet();
  private final Map<String, ManagedServer> servers = new java.util.concurrent.ConcurrentHashMap<>();
  private FileLanguages languages;

  // Guarded by this: how many sessions hold the object, and whether the gateway dropped it.
  private int users;
  private boolean retired;

  WorkspaceLanguages(String workspaceId, GatewayContext ctx) {
    this.workspaceId = workspaceId;
    this.ctx = ctx;
    this.executor = new SerialExecutor(ctx.pool(), "workspace " + workspaceId);
    this.diagnostics = new DiagnosticsStore(workspaceId, ctx.diagnosticsListener());
    this.protocol = new SessionProtocol(this);
    this.processes = new WorkspaceProcesses(workspaceId, ctx);
  }

  String workspaceId() {
    return workspaceId;
  }

  Executor executor() {
    return executor;
  }

  Executor pool() {
    return ctx.pool();
  }

  GatewayOptions options() {
    return ctx.options();
  }

  /** Runs {@code task} on this workspace's executor after {@code delay}. */
  ScheduledFuture<?> schedule(Runnable task, Duration delay) {
    return ctx.scheduler()
        .schedule(() -> executor.execute(task), delay.toMillis(), TimeUnit.MILLISECONDS);
  }

  // ---- sessions (called by LanguageGateway / GatewaySession) ----

  synchronized boolean acquire() {
    if (retired) {
      return false;
    }
    users++;
    return true;
  }

  void attach(GatewaySession session) {
    executor.execute(() -> sessions.put(session.id(), session));
  }

  void onClientMessage(GatewaySession session, ClientMessage message) {
    if (!session.isClosed()) {
      protocol.handle(session, message);
    }
  }

  void closeSession(GatewaySession session) {
    if (sessions.remove(session.id()) == null) {
      return;
    }
    session.markClosed();
    for (ForwardedRequest request : List.copyOf(session.pending.values())) {
      request.done = true;
      if (request.timeout != null) {
        request.timeout.cancel(false);
      }
      request.abandonAtServer();
    }
    session.pending.clear();
    for (String path : List.copyOf(session.documents)) {
      releaseInterest(session, path);
    }
    synchronized (this) {
      users--;
    }
    maybeRetire();
  }

  /** Sends a message to every session that finished its handshake. */
  void broadcast(String json) {
    for (GatewaySession session : List.copyOf(sessions.values())) {
      if (session.active) {
        session.send(json);
      }
    }
  }

  void showMessage(GatewaySession session, MessageType type, String text) {
    session.send(JsonRpc.notification("window/showMessage", new MessageParams(type, text)));
  }

  /** Brings a session that just finished its handshake up to date. */
  void activated(GatewaySession session) {
    session.active = true;
    for (String publish : diagnostics.replay()) {
      session.send(publish);
    }
    for (String path : session.documents) {
      TrackedDocument doc = documents.get(path);
      if (doc != null) {
        doc.server.failure().ifPresent(f -> tellFailure(session, doc.server, f));
      }
    }
  }

  // ---- documents ----

  /**
   * Records that a session shows a document, tracking and opening it at its server on first
   * interest. Empty when no language server of the stack serves the path.
   */
  Optional<TrackedDocument> registerInterest(
      GatewaySession session, String path, String clientText) {
    TrackedDocument doc = documents.get(path);
    if (doc == null) {
      Optional<FileLanguages.Match> match = languages().match(path);
      if (match.isEmpty()) {
        return Optional.empty();
      }
      tracked.add(path);
      try {
        String text =
            ctx.documents()
                .currentText(workspaceId, path)
                .orElse(clientText == null ? "" : clientText);
        ManagedServer server = serverFor(match.get().server());
        doc = new TrackedDocument(path, match.get().languageId(), server, text);
        documents.put(path, doc);
        server.open(doc);
      } catch (RuntimeException e) {
        if (!documents.containsKey(path)) {
          tracked.remove(path);
        }
        throw e;
      }
    }
    doc.sessions.add(session.id());
    session.documents.add(path);
    ManagedServer server = doc.server;
    server
        .ensureStarted()
        .whenCompleteAsync(
            (connection, failure) -> {
              if (failure != null) {
                tellFailure(session, server, GatewayException.of(failure));
              }
            },
            executor);
    return Optional.of(doc);
  }

  void releaseInterest(GatewaySession session, String path) {
    session.documents.remove(path);
    TrackedDocument doc = documents.get(path);
    if (doc == null) {
      return;
    }
    doc.sessions.remove(session.id());
    if (doc.sessions.isEmpty()) {
      documents.remove(path);
      tracked.remove(path);
      doc.server.closed(doc);
    }
  }

  TrackedDocument document(String path) {
    return documents.get(path);
  }

  List<TrackedDocument> documentsOf(ManagedServer server) {
    List<TrackedDocument> docs = new ArrayList<>();
    for (TrackedDocument doc : documents.values()) {
      if (doc.server == server) {
        docs.add(doc);
      }
    }
    return docs;
  }

  void documentChanged(String path, String text) {
    TrackedDocument doc = documents.get(path);
    if (doc == null || doc.text.equals(text)) {
      return;
    }
    String before = doc.text;
    doc.text = text;
    doc.version++;
    doc.server.changed(doc, before);
  }

  void documentSaved(String path) {
    TrackedDocument doc = documents.get(path);
    if (doc != null) {
      doc.server.saved(doc);
    }
  }

  /** Whether a language server has the document open. Any thread. */
  boolean tracks(String path) {
    return tracked.contains(path);
  }

  void documentClosed(String path) {
    TrackedDocument doc = documents.remove(path);
    tracked.remove(path);
    if (doc == null) {
      return;
    }
    for (String sessionId : doc.sessions) {
      GatewaySession session = sessions.get(sessionId);
      if (session != null) {
        session.documents.remove(path);
      }
    }
    doc.server.closed(doc);
  }

  List<FileDiagnostics> diagnostics() {
    return diagnostics.snapshot();
  }

  // ---- servers ----

  private FileLanguages languages() {
    if (languages == null) {
      Optional<Stack> stack = ctx.stacks().stackOf(workspaceId);
      if (stack.isEmpty()) {
        return new FileLanguages(
            List.of(), ctx.launchSettings().languages()); // unknown for now: ask again next time
      }
      languages =
          new FileLanguages(
              ServerLaunch.plan(workspaceId, stack.get(), ctx.launchSettings()),
              ctx.launchSettings().languages());
    }
    return languages;
  }

  private ManagedServer serverFor(ServerLaunch launch) {
    return servers.computeIfAbsent(
        launch.key(), k -> new ManagedServer(this, launch, ctx.options()));
  }

  /** Thread-safe. */
  List<ServerStatus> serverStatuses() {
    return servers.values().stream()
        .map(ManagedServer::status)
        .sorted(java.util.Comparator.comparing(ServerStatus::key))
        .toList();
  }

  WorkspaceProcesses processes() {
    return processes;
  }

  void onServerNotification(ManagedServer server, String method, JsonObject message) {
    JsonElement params = message.get("params");
    switch (method) {
      case "textDocument/publishDiagnostics" ->
          diagnostics.publish(server, params).ifPresent(this::broadcast);
      case "window/showMessage" -> broadcast(JsonRpc.notification(method, params));
      case "window/logMessage" -> {
        if (log.isDebugEnabled()) {
          log.debug("{} language server: {}", server.displayName(), params);
        }
      }
      default -> {
        // $/progress, telemetry/event, server-specific status: nothing a client of the gateway uses
      }
    }
  }

  void onServerRequest(ManagedServer server, String method, JsonElement params) {
    if (method.equals("window/showMessageRequest") && params != null && params.isJsonObject()) {
      JsonObject message = new JsonObject();
      message.add("type", params.getAsJsonObject().get("type"));
      message.add("message", params.getAsJsonObject().get("message"));
      broadcast(JsonRpc.notification("window/showMessage", message));
    }
  }

  /** A server stopped on purpose: its diagnostics no longer hold. */
  void serverStopped(ManagedServer server) {
    diagnostics.clear(server.key()).forEach(this::broadcast);
    maybeRetire();
  }

  /** A server cannot run: tell every session that shows one of its documents. */
  void serverFailed(ManagedServer server, GatewayException failure) {
    for (TrackedDocument doc : documentsOf(server)) {
      for (String sessionId : doc.sessions) {
        GatewaySession session = sessions.get(sessionId);
        if (session != null) {
          tellFailure(session, server, failure);
        }
      }
    }
  }

  /** Shows a server failure to a session once (per failure), as an error message. */
  void tellFailure(GatewaySession session, ManagedServer server, GatewayException failure) {
    if (failure.code() == ErrorCode.SERVER_STOPPED || !session.active) {
      return;
    }
    String key = server.key() + "#" + server.failureId() + "#" + failure.getMessage();
    if (session.toldFailures.add(key)) {
      showMessage(session, MessageType.Error, failure.getMessage());
    }
  }

  // ---- workspace lifecycle ----

  /** The workspace stops: stop its servers (documents and sessions stay for its next start). */
  CompletableFuture<Void> workspaceStopped() {
    List<CompletableFuture<Void>> stops = new ArrayList<>();
    for (ManagedServer server : servers.values()) {
      stops.add(server.stop(true));
    }
    processes.forgetRoot();
    return CompletableFuture.allOf(stops.toArray(CompletableFuture[]::new));
  }

  /** The workspace runs (again): start the servers of the documents clients show. */
  void workspaceRunning() {
    for (TrackedDocument doc : List.copyOf(documents.values())) {
      for (String sessionId : doc.sessions) {
        GatewaySession session = sessions.get(sessionId);
        if (session != null) {
          registerInterest(session, doc.path, null);
        }
      }
    }
  }

  /** Ends every session and stops every server now (gateway shutdown). */
  CompletableFuture<Void> shutdown() {
    for (GatewaySession session : List.copyOf(sessions.values())) {
      closeSession(session);
      session.closeSink();
    }
    List<CompletableFuture<Void>> stops = new ArrayList<>();
    for (ManagedServer server : servers.values()) {
      stops.add(server.stop(false));
    }
    return CompletableFuture.allOf(stops.toArray(CompletableFuture[]::new));
  }

  private void maybeRetire() {
    if (!sessions.isEmpty() || !documents.isEmpty()) {
      return;
    }
    for (ManagedServer server : servers.values()) {
      ServerStatus.State state = server.status().state();
      if (state != ServerStatus.State.IDLE && state != ServerStatus.State.FAILED) {
        return;
      }
    }
    synchronized (this) {
      if (users > 0 || retired) {
        return;
      }
      retired = true;
    }
    ctx.retire().accept(this);
  }
}
