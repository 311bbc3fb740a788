package dev.atelier.runtime.local;

import dev.atelier.agent.FileTrees;
import dev.atelier.runtime.agent.AgentFiles;
import dev.atelier.runtime.agent.AgentPortConnection;
import dev.atelier.runtime.spi.Condition;
import dev.atelier.runtime.spi.ExecProcess;
import dev.atelier.runtime.spi.ExecRequest;
import dev.atelier.runtime.spi.ListeningPort;
import dev.atelier.runtime.spi.Phase;
import dev.atelier.runtime.spi.PortConnection;
import dev.atelier.runtime.spi.RuntimeEvent;
import dev.atelier.runtime.spi.RuntimeEventListener;
import dev.atelier.runtime.spi.StartResult;
import dev.atelier.runtime.spi.WorkspaceFiles;
import dev.atelier.runtime.spi.WorkspaceRuntime;
import dev.atelier.runtime.spi.WorkspaceRuntimeException;
import dev.atelier.runtime.spi.WorkspaceRuntimeException.ErrorCode;
import dev.atelier.runtime.spi.WorkspaceSpec;
import dev.atelier.runtime.spi.WorkspaceTool;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code local} {@link WorkspaceRuntime}: workspaces are folders under {@link
 * LocalRuntimeOptions#root()} and, while running, a bubblewrap sandbox on this machine (see the
 * module README for the isolation it gives: network, identity). Lifecycle operations of one
 * workspace run in the order they were requested; different workspaces proceed in parallel.
 *
 * <p>{@link #close()} stops every workspace; it also runs from a JVM shutdown hook, and the sandbox
 * dies with the server process even when the JVM is killed.
 */
public final class LocalWorkspaceRuntime implements WorkspaceRuntime, AutoCloseable {

  /** The value of {@code atelier.runtime.type} that selects this runtime. */
  public static final String TYPE = "local";

  private static final Logger log = LoggerFactory.getLogger(LocalWorkspaceRuntime.class);
  private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

  private final LocalRuntimeOptions options;
  private final LocalEnvironment environment;
  private final WorkspaceStarter starter;
  private final Map<String, WorkspaceState> workspaces = new ConcurrentHashMap<>();
  private final List<RuntimeEventListener> listeners = new CopyOnWriteArrayList<>();
  private final ExecutorService executor;
  private final Thread shutdownHook;
  private volatile boolean closed;

  /**
   * Creates the runtime: prepares the root folder and probes the host (bubblewrap, cgroups).
   *
   * @throws UncheckedIOException when the root folder cannot be created
   */
  public LocalWorkspaceRuntime(LocalRuntimeOptions options) {
    this.options = options;
    try {
      if (!Files.isDirectory(options.root())) {
        Files.createDirectories(
            options.root(),
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      }
      this.environment = new LocalEnvironment(options);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare the workspace root " + options.root(), e);
    }
    this.starter = new WorkspaceStarter(options, environment);
    AtomicInteger threads = new AtomicInteger();
    this.executor =
        Executors.newCachedThreadPool(
            task -> {
              Thread thread = new Thread(task, "atelier-runtime-" + threads.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    this.shutdownHook = new Thread(this::close, "atelier-runtime-shutdown");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  @Override
  public String type() {
    return TYPE;
  }

  /** The settings this runtime was created with. */
  public LocalRuntimeOptions options() {
    return options;
  }

  /** Whether workspace processes run in the bubblewrap sandbox on this host. */
  public boolean sandboxed() {
    return environment.sandboxed();
  }

  /**
   * How stack resource limits are enforced here: {@code cgroup-v1}, {@code prlimit} or {@code
   * none}.
   */
  public String limitMechanism() {
    return environment.limitMechanism().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }

  @Override
  public CompletableFuture<StartResult> start(WorkspaceSpec spec) {
    WorkspaceState state = state(spec.workspaceId());
    CompletableFuture<StartResult> result = new CompletableFuture<>();
    enqueue(state, result, () -> doStart(spec, state, result));
    return result;
  }

  private StartResult doStart(
      WorkspaceSpec spec, WorkspaceState state, CompletableFuture<?> result) {
    WorkspaceSession running = state.session;
    if (running != null && running.isAlive() && state.phase == Phase.RUNNING) {
      return state.started;
    }
    long requests = state.stopRequests.get();
    try {
      StartResult started =
          starter.start(
              spec,
              state,
              phase -> transition(state, phase),
              () -> closed || result.isCancelled() || state.stopRequests.get() != requests);
      if (closed) {
        throw new WorkspaceRuntimeException(
            ErrorCode.START_FAILED, "the workspace runtime shut down during the start");
      }
      state.started = started;
      watchSandbox(state, state.session);
      transition(state, Phase.RUNNING);
      return started;
    } catch (WorkspaceRuntimeException e) {
      failed(state, e, state.stopRequests.get() == requests);
      throw e;
    } catch (RuntimeException e) {
      WorkspaceRuntimeException wrapped =
          new WorkspaceRuntimeException(ErrorCode.START_FAILED, "start failed: " + e, e);
      failed(state, wrapped, true);
      throw wrapped;
    }
  }

  private void failed(WorkspaceState state, WorkspaceRuntimeException e, boolean report) {
    WorkspaceSession session = state.session;
    state.session = null;
    if (session != null) {
      session.shutdown();
    }
    // A start interrupted by stop is not a failure of the workspace: the stop reports STOPPED.
    if (report) {
      log.info("Workspace {} failed to start: {}", state.id, e.getMessage());
      state.phase = Phase.FAILED;
      publish(
          RuntimeEvent.of(state.id, Phase.FAILED, Condition.of(e.conditionType(), e.getMessage())));
    }
  }

  /** A sandbox that dies on its own (killed from outside, OOM of its PID 1) fails the workspace. */
  private void watchSandbox(WorkspaceState state, WorkspaceSession session) {
    if (session.sandbox() instanceof BubblewrapSandbox sandbox) {
      sandbox
          .holder()
          .onExit()
          .thenRun(
              () -> {
                if (state.session != session || closed) {
                  return;
                }
                enqueue(
                    state,
                    new CompletableFuture<>(),
                    () -> {
                      if (state.session == session) {
                        failed(
                            state,
                            new WorkspaceRuntimeException(
                                ErrorCode.START_FAILED,
                                "the workspace sandbox exited unexpectedly, start the workspace again"),
                            true);
                      }
                      return null;
                    });
              });
    }
  }

  @Override
  public CompletableFuture<Void> stop(String workspaceId) {
    WorkspaceState state = state(workspaceId);
    state.stopRequests.incrementAndGet();
    CompletableFuture<Void> result = new CompletableFuture<>();
    enqueue(
        state,
        result,
        () -> {
          doStop(state);
          return null;
        });
    return result;
  }

  private void doStop(WorkspaceState state) {
    transition(state, Phase.STOPPING);
    WorkspaceSession session = state.session;
    state.session = null;
    state.started = null;
    if (session != null) {
      session.shutdown();
    }
    transition(state, Phase.STOPPED);
  }

  @Override
  public CompletableFuture<Void> delete(String workspaceId) {
    WorkspaceState state = state(workspaceId);
    state.stopRequests.incrementAndGet();
    CompletableFuture<Void> result = new CompletableFuture<>();
    enqueue(
        state,
        result,
        () -> {
          doStop(state);
          try {
            for (Path path :
                List.of(state.layout.content(), state.layout.meta(), state.layout.cloneTemp())) {
              FileTrees.deleteTree(path);
            }
          } catch (IOException e) {
            throw new WorkspaceRuntimeException(
                ErrorCode.IO,
                "cannot remove the files of workspace " + workspaceId + ": " + e.getMessage(),
                e);
          }
          workspaces.remove(workspaceId, state);
          return null;
        });
    return result;
  }

  @Override
  public ExecProcess exec(String workspaceId, ExecRequest request) {
    return runningSession(workspaceId).execThroughAgent(request);
  }

  @Override
  public List<String> toolCommand(String workspaceId, WorkspaceTool tool, List<String> args) {
    return runningSession(workspaceId).toolCommand(tool, args);
  }

  /**
   * Files through the workspace's agent, inside the sandbox: available while the workspace runs
   * (from the moment its sandbox is up during start), {@code NOT_RUNNING} otherwise.
   */
  @Override
  public WorkspaceFiles files(String workspaceId) {
    checkId(workspaceId);
    return new AgentFiles(
        () -> liveSession(workspaceId).agent().connection(),
        () -> liveSession(workspaceId).agent().running());
  }

  @Override
  public List<ListeningPort> listeningPorts(String workspaceId) {
    checkId(workspaceId);
    WorkspaceState state = workspaces.get(workspaceId);
    WorkspaceSession session = state == null ? null : state.session;
    if (session == null) {
      return List.of();
    }
    return session
        .sandbox()
        .networkNamespacePid()
        .map(pid -> ListeningSockets.inNamespace(pid, session.pids()))
        .orElseGet(() -> ListeningSockets.of(session.pids()));
  }

  /**
   * A connection the workspace's agent makes to its own {@code localhost:port}. In a sandbox with
   * its own network namespace that loopback is the workspace's alone, so nothing else is checked.
   * Without one (sandbox {@code off}, or {@code auto} without bubblewrap) the agent shares the
   * host's network: then only a port a process of the workspace listens on is opened, never the
   * server's own ports or another service of the host.
   */
  @Override
  public PortConnection openPort(String workspaceId, int port) {
    if (port < 1 || port > 65535) {
      throw new WorkspaceRuntimeException(
          ErrorCode.PORT_UNREACHABLE, "port " + port + " is not a port number (1-65535)");
    }
    WorkspaceSession session = runningSession(workspaceId);
    if (session.sandbox().networkNamespacePid().isEmpty()
        && ListeningSockets.of(session.pids()).stream().noneMatch(p -> p.port() == port)) {
      throw new WorkspaceRuntimeException(
          ErrorCode.PORT_UNREACHABLE,
          "no process of workspace " + workspaceId + " listens on port " + port);
    }
    return AgentPortConnection.open(session.agent().connection(), port);
  }

  @Override
  public Set<String> activeWorkspaces() {
    return workspaces.values().stream()
        .filter(s -> s.session != null && s.phase.isActive())
        .map(s -> s.id)
        .collect(Collectors.toUnmodifiableSet());
  }

  @Override
  public AutoCloseable subscribe(RuntimeEventListener listener) {
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  /** Stops every workspace (killing all their processes) and the runtime's threads. Idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (WorkspaceState state : workspaces.values()) {
      WorkspaceSession session = state.session;
      if (session != null) {
        state.session = null;
        transition(state, Phase.STOPPING);
        session.shutdown();
        transition(state, Phase.STOPPED);
      }
    }
    executor.shutdownNow();
    environment.close();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // already shutting down: this is the hook
    }
  }

  /** The session of a workspace whose sandbox is up (running, or starting past its sandbox). */
  private WorkspaceSession liveSession(String workspaceId) {
    WorkspaceState state = workspaces.get(workspaceId);
    WorkspaceSession session = state == null ? null : state.session;
    if (session == null || !session.isAlive()) {
      if (!Files.isDirectory(layout(workspaceId).content())) {
        throw new WorkspaceRuntimeException(
            ErrorCode.NOT_FOUND, "workspace " + workspaceId + " has no files yet, start it first");
      }
      throw new WorkspaceRuntimeException(
          ErrorCode.NOT_RUNNING,
          "workspace " + workspaceId + " is not running, start it to reach its files");
    }
    return session;
  }

  /** The sandbox of a running workspace (the benchmark's reference path enters it directly). */
  WorkspaceSandbox sandbox(String workspaceId) {
    return runningSession(workspaceId).sandbox();
  }

  private WorkspaceSession runningSession(String workspaceId) {
    checkId(workspaceId);
    WorkspaceState state = workspaces.get(workspaceId);
    WorkspaceSession session = state == null ? null : state.session;
    if (session == null || state.phase != Phase.RUNNING || !session.isAlive()) {
      throw new WorkspaceRuntimeException(
          ErrorCode.NOT_RUNNING, "workspace " + workspaceId + " is not running, start it first");
    }
    return session;
  }

  private <T> void enqueue(
      WorkspaceState state, CompletableFuture<T> result, Supplier<T> operation) {
    if (closed) {
      result.completeExceptionally(
          new WorkspaceRuntimeException(
              ErrorCode.START_FAILED, "the workspace runtime is shut down"));
      return;
    }
    synchronized (state) {
      state.tail =
          state
              .tail
              .handle((ignored, error) -> null)
              .thenRunAsync(
                  () -> {
                    if (result.isDone()) {
                      return; // cancelled before it ran
                    }
                    try {
                      result.complete(operation.get());
                    } catch (RuntimeException | Error e) {
                      result.completeExceptionally(e);
                    }
                  },
                  executor);
    }
  }

  private void transition(WorkspaceState state, Phase phase) {
    state.phase = phase;
    publish(RuntimeEvent.of(state.id, phase));
  }

  private void publish(RuntimeEvent event) {
    for (RuntimeEventListener listener : listeners) {
      try {
        listener.onEvent(event);
      } catch (RuntimeException e) {
        log.warn("Runtime event listener failed on {}: {}", event, e.toString(), e);
      }
    }
  }

  private WorkspaceState state(String workspaceId) {
    checkId(workspaceId);
    return workspaces.computeIfAbsent(workspaceId, id -> new WorkspaceState(id, layout(id)));
  }

  private WorkspaceLayout layout(String workspaceId) {
    return new WorkspaceLayout(options.root(), workspaceId);
  }

  private static void checkId(String workspaceId) {
    if (workspaceId == null || !ID.matcher(workspaceId).matches()) {
      throw new WorkspaceRuntimeException(
          ErrorCode.NOT_FOUND, "no workspace with id '" + workspaceId + "' (ids are [a-z0-9-])");
    }
  }
}
