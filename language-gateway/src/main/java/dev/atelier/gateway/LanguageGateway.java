package dev.atelier.gateway;

import dev.atelier.extensions.builtin.LanguageExtensions;
import dev.atelier.extensions.host.LanguageTable;
import dev.atelier.gateway.launch.ServerLaunch;
import dev.atelier.gateway.spi.DocumentSource;
import dev.atelier.gateway.spi.WorkspaceStacks;
import dev.atelier.runtime.spi.Phase;
import dev.atelier.runtime.spi.RuntimeEvent;
import dev.atelier.runtime.spi.WorkspaceRuntime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Language services for workspaces: runs each stack's language servers inside the workspace (via
 * {@link WorkspaceRuntime#exec}, over stdio), one process per workspace and server shared by every
 * client, and bridges clients to them.
 *
 * <p>A transport (the WebSocket endpoint) authenticates the user, checks workspace access, then
 * calls {@link #connect} and pipes text messages between its socket and the returned {@link
 * GatewaySession}. The server-side document owner reports document text with {@link
 * #documentChanged}, {@link #documentSaved} and {@link #documentClosed}; the gateway turns them
 * into {@code didChange} / {@code didSave} / {@code didClose} for the servers, once, whatever the
 * number of clients.
 *
 * <p>Workspace lifecycle: the gateway subscribes to the runtime's events and stops a workspace's
 * servers when it stops; {@link #workspaceStopped} does the same on demand.
 */
public final class LanguageGateway implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(LanguageGateway.class);

  private final GatewayContext ctx;
  private final Map<String, WorkspaceLanguages> workspaces = new ConcurrentHashMap<>();
  private final AtomicLong sessionIds = new AtomicLong();
  private final List<DiagnosticsListener> diagnosticsListeners = new CopyOnWriteArrayList<>();
  private final AutoCloseable subscription;
  private volatile boolean closed;

  /**
   * @param runtime where workspaces run
   * @param stacks the stack of each workspace
   * @param documents the text of documents when a client first opens them
   * @param options timeouts and launch settings
   */
  public LanguageGateway(
      WorkspaceRuntime runtime,
      WorkspaceStacks stacks,
      DocumentSource documents,
      GatewayOptions options) {
    this(runtime, stacks, documents, options, LanguageExtensions.table());
  }

  /**
   * @param runtime where workspaces run
   * @param stacks the stack of each workspace
   * @param documents the text of documents when a client first opens them
   * @param options timeouts and launch settings
   * @param languages the contributed languages: names, dialects and server launchers
   */
  public LanguageGateway(
      WorkspaceRuntime runtime,
      WorkspaceStacks stacks,
      DocumentSource documents,
      GatewayOptions options,
      LanguageTable languages) {
    Objects.requireNonNull(runtime, "runtime");
    Objects.requireNonNull(languages, "languages");
    Objects.requireNonNull(stacks, "stacks");
    Objects.requireNonNull(documents, "documents");
    Objects.requireNonNull(options, "options");
    ExecutorService pool = Executors.newCachedThreadPool(threads("atelier-gateway-"));
    ScheduledExecutorService scheduler =
        Executors.newSingleThreadScheduledExecutor(threads("atelier-gateway-timer-"));
    this.ctx =
        new GatewayContext(
            runtime,
            stacks,
            documents,
            options,
            new ServerLaunch.Settings(
                options.jdtlsHome() == null ? Map.of() : Map.of("jdtls-home", options.jdtlsHome()),
                languages),
            pool,
            scheduler,
            this::retire,
            this::diagnosticsChanged);
    this.subscription = runtime.subscribe(this::onRuntimeEvent);
  }

  /** A gateway with default options that reads documents from the saved files. */
  public static LanguageGateway create(WorkspaceRuntime runtime, WorkspaceStacks stacks) {
    return new LanguageGateway(
        runtime, stacks, DocumentSource.savedFiles(runtime), GatewayOptions.defaults());
  }

  /**
   * Opens a session for one client of a workspace. Call only after checking that the user may
   * access the workspace: the session reaches every document of it.
   *
   * @param sink where the session's outgoing messages go
   */
  public GatewaySession connect(String workspaceId, MessageSink sink) {
    Objects.requireNonNull(workspaceId, "workspaceId");
    Objects.requireNonNull(sink, "sink");
    if (closed) {
      throw new IllegalStateException("the language gateway is closed");
    }
    while (true) {
      WorkspaceLanguages workspace =
          workspaces.computeIfAbsent(workspaceId, id -> new WorkspaceLanguages(id, ctx));
      if (workspace.acquire()) {
        GatewaySession session =
            new GatewaySession("s" + sessionIds.incrementAndGet(), workspaceId, sink, workspace);
        workspace.attach(session);
        return session;
      }
      workspaces.remove(workspaceId, workspace); // retired meanwhile: take a fresh one
    }
  }

  /**
   * Whether a client has connected language services to the workspace; until then {@link
   * #documentChanged} does nothing for it, so callers may skip building the text.
   */
  public boolean serves(String workspaceId) {
    return workspaces.containsKey(workspaceId);
  }

  /**
   * Whether a language server has the document open, i.e. whether {@link #documentChanged} would
   * send it anywhere: callers skip building the text of every other file. Safe from any thread; a
   * document opened after a {@code false} answer reads its text from the {@link DocumentSource}.
   *
   * @param path workspace-relative path, e.g. {@code src/main.py}
   */
  public boolean serves(String workspaceId, String path) {
    WorkspaceLanguages workspace = workspaces.get(workspaceId);
    return workspace != null && workspace.tracks(WorkspaceUris.normalizePath(path));
  }

  /**
   * The server-side text of a document changed. Sent to its language server as an incremental
   * {@code didChange} if a client shows the document; ignored otherwise (the text is read from the
   * {@link DocumentSource} when a client opens it).
   *
   * @param path workspace-relative path, e.g. {@code src/main.py}
   */
  public void documentChanged(String workspaceId, String path, String text) {
    Objects.requireNonNull(text, "text");
    String normalized = WorkspaceUris.normalizePath(path);
    onWorkspace(workspaceId, w -> w.documentChanged(normalized, text));
  }

  /**
   * A document was saved (call {@link #documentChanged} first with the saved text if it differs).
   */
  public void documentSaved(String workspaceId, String path) {
    String normalized = WorkspaceUris.normalizePath(path);
    onWorkspace(workspaceId, w -> w.documentSaved(normalized));
  }

  /** A document no longer exists (deleted, renamed away): closed at its server for every client. */
  public void documentClosed(String workspaceId, String path) {
    String normalized = WorkspaceUris.normalizePath(path);
    onWorkspace(workspaceId, w -> w.documentClosed(normalized));
  }

  /** The latest diagnostics of every file of a workspace, for the Problems panel. */
  public List<FileDiagnostics> diagnostics(String workspaceId) {
    WorkspaceLanguages workspace = workspaces.get(workspaceId);
    return workspace == null ? List.of() : workspace.diagnostics();
  }

  /**
   * Tells {@code listener} of every diagnostics publish of every workspace from now on (once per
   * publish, not once per client) and of diagnostics cleared because their server stopped.
   *
   * @return closing it removes the listener
   */
  public AutoCloseable addDiagnosticsListener(DiagnosticsListener listener) {
    Objects.requireNonNull(listener, "listener");
    diagnosticsListeners.add(listener);
    return () -> diagnosticsListeners.remove(listener);
  }

  private void diagnosticsChanged(DiagnosticsUpdate update) {
    for (DiagnosticsListener listener : diagnosticsListeners) {
      try {
        listener.diagnosticsChanged(update);
      } catch (RuntimeException e) {
        log.warn("A diagnostics listener failed on {}: {}", update.uri(), e.toString());
      }
    }
  }

  /** The language servers of a workspace that were started at least once, and their state. */
  public List<ServerStatus> servers(String workspaceId) {
    WorkspaceLanguages workspace = workspaces.get(workspaceId);
    if (workspace == null) {
      return List.of();
    }
    return workspace.serverStatuses();
  }

  /**
   * Stops the language servers of a workspace that stops. Sessions stay open; servers start again
   * when the workspace runs and a client shows a document. Completes when the processes are gone.
   */
  public CompletableFuture<Void> workspaceStopped(String workspaceId) {
    WorkspaceLanguages workspace = workspaces.get(workspaceId);
    if (workspace == null) {
      return CompletableFuture.completedFuture(null);
    }
    CompletableFuture<Void> stopped = new CompletableFuture<>();
    workspace
        .executor()
        .execute(() -> workspace.workspaceStopped().whenComplete((v, e) -> stopped.complete(null)));
    return stopped;
  }

  private void onRuntimeEvent(RuntimeEvent event) {
    WorkspaceLanguages workspace = workspaces.get(event.workspaceId());
    if (workspace == null) {
      return;
    }
    Phase phase = event.phase();
    if (phase == Phase.STOPPING || phase == Phase.STOPPED || phase == Phase.FAILED) {
      workspace.executor().execute(workspace::workspaceStopped);
    } else if (phase == Phase.RUNNING) {
      workspace.executor().execute(workspace::workspaceRunning);
    }
  }

  private void onWorkspace(
      String workspaceId, java.util.function.Consumer<WorkspaceLanguages> action) {
    WorkspaceLanguages workspace = workspaces.get(workspaceId);
    if (workspace != null) {
      workspace.executor().execute(() -> action.accept(workspace));
    }
  }

  private void retire(WorkspaceLanguages workspace) {
    workspaces.remove(workspace.workspaceId(), workspace);
  }

  /** Ends every session and kills every language server. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      subscription.close();
    } catch (Exception e) {
      log.debug("Unsubscribing from runtime events failed: {}", e.toString());
    }
    List<CompletableFuture<Void>> stops = new ArrayList<>();
    for (WorkspaceLanguages workspace : workspaces.values()) {
      CompletableFuture<Void> stopped = new CompletableFuture<>();
      workspace
          .executor()
          .execute(() -> workspace.shutdown().whenComplete((v, e) -> stopped.complete(null)));
      stops.add(stopped);
    }
    try {
      CompletableFuture.allOf(stops.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      log.warn("Language servers did not all stop within 10 s: {}", e.toString());
    }
    workspaces.clear();
    ctx.scheduler().shutdownNow();
    ctx.pool().shutdown();
  }

  private static ThreadFactory threads(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
