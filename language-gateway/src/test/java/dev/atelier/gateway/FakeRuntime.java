package dev.atelier.gateway;

import dev.atelier.runtime.spi.ExecProcess;
import dev.atelier.runtime.spi.ExecRequest;
import dev.atelier.runtime.spi.ListeningPort;
import dev.atelier.runtime.spi.RuntimeEvent;
import dev.atelier.runtime.spi.RuntimeEventListener;
import dev.atelier.runtime.spi.StartResult;
import dev.atelier.runtime.spi.WorkspaceFiles;
import dev.atelier.runtime.spi.WorkspaceRuntime;
import dev.atelier.runtime.spi.WorkspaceRuntimeException;
import dev.atelier.runtime.spi.WorkspaceSpec;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;

/**
 * A runtime whose exec starts {@link FakeLanguageServer}s in the test JVM (or whatever a test
 * scripts), answers {@code pwd} with a configurable root, and emits events on demand.
 */
final class FakeRuntime implements WorkspaceRuntime {

  final List<FakeLanguageServer> servers = new CopyOnWriteArrayList<>();
  final List<ExecRequest> execs = new CopyOnWriteArrayList<>();
  final Set<String> stopped = ConcurrentHashMap.newKeySet();
  private final List<RuntimeEventListener> listeners = new CopyOnWriteArrayList<>();
  volatile String root = "/workspace";
  volatile BiFunction<String, ExecRequest, ExecProcess> override;

  @Override
  public ExecProcess exec(String workspaceId, ExecRequest request) {
    execs.add(request);
    if (stopped.contains(workspaceId)) {
      throw new WorkspaceRuntimeException(
          WorkspaceRuntimeException.ErrorCode.NOT_RUNNING, "not running");
    }
    if (request.command().equals(List.of("pwd"))) {
      return new PwdProcess(root);
    }
    if (override != null) {
      return override.apply(workspaceId, request);
    }
    FakeLanguageServer server = new FakeLanguageServer(request);
    servers.add(server);
    return server;
  }

  FakeLanguageServer last() {
    return servers.get(servers.size() - 1);
  }

  void emit(RuntimeEvent event) {
    listeners.forEach(l -> l.onEvent(event));
  }

  /** A finished process that printed a folder. */
  private static final class PwdProcess implements ExecProcess {
    private final byte[] out;

    PwdProcess(String root) {
      this.out = (root + "\n").getBytes();
    }

    @Override
    public java.io.OutputStream stdin() {
      return java.io.OutputStream.nullOutputStream();
    }

    @Override
    public java.io.InputStream stdout() {
      return new java.io.ByteArrayInputStream(out);
    }

    @Override
    public java.io.InputStream stderr() {
      return java.io.InputStream.nullInputStream();
    }

    @Override
    public boolean hasPty() {
      return false;
    }

    @Override
    public void resize(int columns, int rows) {}

    @Override
    public CompletableFuture<Integer> onExit() {
      return CompletableFuture.completedFuture(0);
    }

    @Override
    public boolean isAlive() {
      return false;
    }

    @Override
    public void kill() {}
  }

  @Override
  public String type() {
    return "fake";
  }

  @Override
  public CompletableFuture<StartResult> start(WorkspaceSpec spec) {
    throw new UnsupportedOperationException();
  }

  @Override
  public CompletableFuture<Void> stop(String workspaceId) {
    throw new UnsupportedOperationException();
  }

  @Override
  public CompletableFuture<Void> delete(String workspaceId) {
    throw new UnsupportedOperationException();
  }

  @Override
  public WorkspaceFiles files(String workspaceId) {
    throw new UnsupportedOperationException("tests give the gateway a DocumentSource");
  }

  @Override
  public List<ListeningPort> listeningPorts(String workspaceId) {
    return List.of();
  }

  @Override
  public Set<String> activeWorkspaces() {
    return Set.of();
  }

  @Override
  public AutoCloseable subscribe(RuntimeEventListener listener) {
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }
}
