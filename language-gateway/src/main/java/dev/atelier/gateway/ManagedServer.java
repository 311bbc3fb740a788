package dev.atelier.gateway;

import com.google.gson.JsonElement;
import dev.atelier.gateway.GatewayException.ErrorCode;
import dev.atelier.gateway.ServerStatus.State;
import dev.atelier.gateway.launch.ServerLaunch;
import dev.atelier.runtime.spi.ExecProcess;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import org.eclipse.lsp4j.InitializedParams;
import org.eclipse.lsp4j.ServerCapabilities;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lifecycle of one language server of a workspace: started lazily, initialized, fed the tracked
 * documents, restarted with exponential backoff when it crashes (re-opening every tracked
 * document), stopped when it has had no open document for the idle timeout, and given up after too
 * many consecutive crashes or when its program is missing.
 *
 * <p>Confined to the workspace's executor; only {@link #status()} is read from other threads.
 */
final class ManagedServer {

  private static final Logger log = LoggerFactory.getLogger(ManagedServer.class);

  private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(2);

  final ServerLaunch launch;
  private final WorkspaceLanguages owner;
  private final GatewayOptions options;
  private final RestartPolicy restartPolicy;

  private volatile State state = State.IDLE;
  private volatile int restarts;
  private volatile String failureMessage = "";
  private volatile int openCount;

  private CompletableFuture<ServerConnection> ready = new CompletableFuture<>();
  private ServerConnection connection;
  private WorkspaceUris uris;

  /** Set while {@link State#RUNNING}. */
  private ServerDocuments documents;

  private int generation;
  private GatewayException failure;
  private int failureId;
  private GatewayException pendingFailure;
  private boolean restartAfterStop;
  private ScheduledFuture<?> restartTimer;
  private ScheduledFuture<?> idleTimer;

  ManagedServer(WorkspaceLanguages owner, ServerLaunch launch, GatewayOptions options) {
    this.owner = owner;
    this.launch = launch;
    this.options = options;
    this.restartPolicy = new RestartPolicy(options);
  }

  String key() {
    return launch.key();
  }

  String displayName() {
    return launch.displayName();
  }

  /** Completes with the running connection, starting the server when needed. */
  CompletableFuture<ServerConnection> ensureStarted() {
    switch (state) {
      case RUNNING, STARTING, RESTARTING -> {
        return ready;
      }
      case STOPPING -> {
        restartAfterStop = true;
        if (ready.isDone()) {
          ready = new CompletableFuture<>();
        }
        return ready;
      }
      case FAILED -> {
        if (!restartPolicy.mayRetry()) {
          return CompletableFuture.failedFuture(failure);
        }
        start();
        return ready;
      }
      default -> {
        start();
        return ready;
      }
    }
  }

  /** Identifies the current failure, so that each session is told about it once. */
  int failureId() {
    return failureId;
  }

  Optional<GatewayException> failure() {
    return state == State.FAILED ? Optional.of(failure) : Optional.empty();
  }

  /** The server's capabilities, once running. */
  Optional<ServerCapabilities> capabilities() {
    return state == State.RUNNING && documents != null
        ? Optional.of(documents.capabilities)
        : Optional.empty();
  }

  WorkspaceUris uris() {
    return uris;
  }

  ServerStatus status() {
    return new ServerStatus(
        launch.key(), launch.languages(), state, restarts, openCount, failureMessage);
  }

  private void start() {
    cancel(restartTimer);
    cancel(idleTimer);
    state = State.STARTING;
    pendingFailure = null;
    if (ready.isDone()) {
      ready = new CompletableFuture<>();
    }
    int gen = ++generation;
    owner
        .processes()
        .uris()
        .thenApplyAsync(
            resolved -> new Launched(resolved, owner.processes().exec(launch)), owner.pool())
        .whenCompleteAsync(
            (launched, error) -> {
              if (gen != generation || state != State.STARTING) {
                if (launched != null) {
                  launched.process().kill();
                }
              } else if (error != null) {
                startFailed(owner.processes().classifyExecFailure(error, launch));
              } else {
                uris = launched.uris();
                connected(gen, launched.process());
              }
            },
            owner.executor());
  }

  private record Launched(WorkspaceUris uris, ExecProcess process) {}

  private void connected(int gen, ExecProcess process) {
    String threadName = "lsp-" + owner.workspaceId() + "-" + launch.key();
    ServerConnection conn =
        new ServerConnection(
            process,
            displayName(),
            threadName,
            uris.rootUri(),
            owner.pool(),
            owner.executor(),
            new Events(gen));
    connection = conn;
    restartPolicy.started();
    ScheduledFuture<?> timeout =
        owner.schedule(
            () -> {
              if (gen == generation && state == State.STARTING) {
                pendingFailure =
                    new GatewayException(
                        ErrorCode.SERVER_START_FAILED,
                        "the "
                            + displayName()
                            + " language server did not answer initialize within "
                            + options.startTimeout().toSeconds()
                            + " s");
                conn.kill();
              }
            },
            options.startTimeout());
    conn.request("initialize", ServerDocuments.initializeParams(uris))
        .result()
        .whenCompleteAsync(
            (result, error) -> {
              timeout.cancel(false);
              if (gen != generation || state != State.STARTING) {
                return;
              }
              if (error != null) {
                GatewayException failure = GatewayException.of(error);
                if (failure.code() != ErrorCode.SERVER_EXITED) {
                  pendingFailure =
                      new GatewayException(
                          ErrorCode.SERVER_START_FAILED,
                          "the "
                              + displayName()
                              + " language server refused initialize: "
                              + failure.getMessage());
                  conn.kill();
                }
                return; // the exit event decides what happens next
              }
              initialized(conn, result);
            },
            owner.executor());
  }

  private void initialized(ServerConnection conn, JsonElement result) {
    documents =
        new ServerDocuments(conn, uris, ServerDocuments.parseCapabilities(result, displayName()));
    conn.notify("initialized", new InitializedParams());
    state = State.RUNNING;
    failureMessage = "";
    for (TrackedDocument doc : owner.documentsOf(this)) {
      open(doc);
    }
    ready.complete(conn);
    log.info("{} language server running in workspace {}", displayName(), owner.workspaceId());
    scheduleIdleCheck();
  }

  private final class Events implements ServerConnection.Events {
    private final int gen;

    Events(int gen) {
      this.gen = gen;
    }

    @Override
    public void onNotification(String method, com.google.gson.JsonObject message) {
      if (gen == generation) {
        owner.onServerNotification(ManagedServer.this, method, message);
      }
    }

    @Override
    public void onServerRequest(String method, JsonElement params) {
      if (gen == generation) {
        owner.onServerRequest(ManagedServer.this, method, params);
      }
    }

    @Override
    public void onExit(int exitCode, String stderrTail) {
      if (gen == generation) {
        exited(exitCode, stderrTail);
      }
    }
  }

  private void exited(int code, String stderrTail) {
    connection = null;
    documents = null;
    openCount = 0;
    switch (state) {
      case STOPPING -> {
        state = State.IDLE;
        owner.serverStopped(this);
        if (restartAfterStop) {
          restartAfterStop = false;
          start();
        }
      }
      case STARTING -> {
        if (pendingFailure != null) {
          crashed(pendingFailure);
        } else if (code == 127) {
          fail(new GatewayException(ErrorCode.SERVER_NOT_INSTALLED, launch.notInstalledMessage()));
        } else {
          crashed(
              new GatewayException(
                  ErrorCode.SERVER_START_FAILED,
                  "the "
                      + displayName()
                      + " language server exited during start (code "
                      + code
                      + ")"
                      + ServerConnection.lastLines(stderrTail)));
        }
      }
      case RUNNING -> {
        log.warn(
            "{} language server of workspace {} exited with code {}{}",
            displayName(),
            owner.workspaceId(),
            code,
            ServerConnection.lastLines(stderrTail));
        crashed(
            new GatewayException(
                ErrorCode.SERVER_EXITED,
                "the "
                    + displayName()
                    + " language server crashed (code "
                    + code
                    + ")"
                    + ServerConnection.lastLines(stderrTail)));
      }
      default -> {
        // IDLE, RESTARTING, FAILED: nothing was running under this generation any more
      }
    }
  }

  private void crashed(GatewayException why) {
    restarts++;
    Optional<Duration> backoff = restartPolicy.crashed();
    if (backoff.isEmpty()) {
      fail(
          new GatewayException(
              why.code(),
              why.getMessage()
                  + "; gave up after "
                  + options.maxRestarts()
                  + " restarts in a row"));
      return;
    }
    long delay = backoff.get().toMillis();
    state = State.RESTARTING;
    if (ready.isDone()) {
      ready = new CompletableFuture<>();
    }
    log.info(
        "Restarting the {} language server of workspace {} in {} ms",
        displayName(),
        owner.workspaceId(),
        delay);
    restartTimer =
        owner.schedule(
            () -> {
              if (state == State.RESTARTING) {
                start();
              }
            },
            Duration.ofMillis(delay));
  }

  private void startFailed(GatewayException why) {
    if (why.code() == ErrorCode.WORKSPACE_NOT_RUNNING) {
      // Not the server's fault: try again on the next open once the workspace runs.
      state = State.IDLE;
      ready.completeExceptionally(why);
      return;
    }
    fail(why);
  }

  private void fail(GatewayException why) {
    state = State.FAILED;
    failure = why;
    restartPolicy.failed();
    failureMessage = why.getMessage();
    failureId++;
    if (!ready.completeExceptionally(why)) {
      ready = CompletableFuture.failedFuture(why);
    }
    log.warn(
        "{} language server of workspace {} failed: {}",
        displayName(),
        owner.workspaceId(),
        why.getMessage());
    owner.serverFailed(this, why);
  }

  /**
   * Stops the server: politely ({@code shutdown}, {@code exit}, then kill after a grace period) or
   * at once. Completes when the process is gone.
   */
  CompletableFuture<Void> stop(boolean graceful) {
    cancel(restartTimer);
    cancel(idleTimer);
    restartAfterStop = false;
    GatewayException stopped =
        new GatewayException(
            ErrorCode.SERVER_STOPPED, "the " + displayName() + " language server was stopped");
    ServerConnection conn = connection;
    if (conn == null || state == State.STOPPING) {
      if (state != State.STOPPING) {
        state = State.IDLE;
        generation++; // a start in flight is discarded
        owner.serverStopped(this);
      }
      if (!ready.isDone()) {
        ready.completeExceptionally(stopped);
      }
      return conn == null
          ? CompletableFuture.completedFuture(null)
          : conn.onExit().thenApply(c -> null);
    }
    state = State.STOPPING;
    if (!ready.isDone()) {
      ready.completeExceptionally(stopped);
    }
    if (graceful) {
      conn.shutdown(SHUTDOWN_GRACE);
    } else {
      conn.kill();
    }
    return conn.onExit().thenApply(c -> null);
  }

  /** Opens a tracked document at the server, if it is running (else it is opened at start). */
  void open(TrackedDocument doc) {
    cancel(idleTimer);
    if (state == State.RUNNING) {
      documents.open(doc);
      openCount = documents.openCount();
    }
  }

  /** Sends the change from {@code before} to the document's current text. */
  void changed(TrackedDocument doc, String before) {
    if (state == State.RUNNING) {
      documents.changed(doc, before);
    }
  }

  void saved(TrackedDocument doc) {
    if (state == State.RUNNING) {
      documents.saved(doc);
    }
  }

  void closed(TrackedDocument doc) {
    if (state == State.RUNNING) {
      documents.closed(doc);
      openCount = documents.openCount();
    }
    scheduleIdleCheck();
  }

  /** Starts the idle countdown when no tracked document belongs to this server. */
  private void scheduleIdleCheck() {
    if (!owner.documentsOf(this).isEmpty() || (state != State.RUNNING && state != State.STARTING)) {
      return;
    }
    cancel(idleTimer);
    idleTimer =
        owner.schedule(
            () -> {
              if (state == State.RUNNING && owner.documentsOf(this).isEmpty()) {
                log.info(
                    "Stopping the idle {} language server of workspace {}",
                    displayName(),
                    owner.workspaceId());
                stop(true);
              }
            },
            options.idleTimeout());
  }

  private static void cancel(ScheduledFuture<?> timer) {
    if (timer != null) {
      timer.cancel(false);
    }
  }
}
