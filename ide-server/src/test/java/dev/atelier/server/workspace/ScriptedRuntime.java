package dev.atelier.server.workspace;

import dev.atelier.runtime.spi.ExecProcess;
import dev.atelier.runtime.spi.ExecRequest;
import dev.atelier.runtime.spi.ListeningPort;
import dev.atelier.runtime.spi.RuntimeEvent;
import dev.atelier.runtime.spi.RuntimeEventListener;
import dev.atelier.runtime.spi.StartResult;
import dev.atelier.runtime.spi.WorkspaceFiles;
import dev.atelier.runtime.spi.WorkspaceRuntime;
import dev.atelier.runtime.spi.WorkspaceSpec;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A runtime the test drives by hand: starts and stops complete when the test says so, and events
 * are emitted when the test calls {@link #emit}. For lifecycle races that the real runtime cannot
 * produce on demand.
 */
final class ScriptedRuntime implements WorkspaceRuntime {

  final Map<String, CompletableFuture<StartResult>> starts = new ConcurrentHashMap<>();
  final Map<String, CompletableFuture<Void>> stops = new ConcurrentHashMap<>();
  final Map<String, WorkspaceSpec> specs = new ConcurrentHashMap<>();
  final Set<String> active = ConcurrentHashMap.newKeySet();
  private final List<RuntimeEventListener> listeners = new CopyOnWriteArrayList<>();

  void emit(RuntimeEvent event) {
    listeners.forEach(l -> l.onEvent(event));
  }

  @Override
  public String type() {
    return "scripted";
  }

  @Override
  public CompletableFuture<StartResult> start(WorkspaceSpec spec) {
    specs.put(spec.workspaceId(), spec);
    return starts.computeIfAbsent(spec.workspaceId(), id -> new CompletableFuture<>());
  }

  @Override
  public CompletableFuture<Void> stop(String workspaceId) {
    return stops.computeIfAbsent(workspaceId, id -> new CompletableFuture<>());
  }

  @Override
  public CompletableFuture<Void> delete(String workspaceId) {
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public ExecProcess exec(String workspaceId, ExecRequest request) {
    throw new UnsupportedOperationException("not scripted");
  }

  @Override
  public WorkspaceFiles files(String workspaceId) {
    throw new UnsupportedOperationException("not scripted");
  }

  @Override
  public List<ListeningPort> listeningPorts(String workspaceId) {
    return List.of();
  }

  @Override
  public Set<String> activeWorkspaces() {
    return Set.copyOf(active);
  }

  @Override
  public AutoCloseable subscribe(RuntimeEventListener listener) {
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }
}
