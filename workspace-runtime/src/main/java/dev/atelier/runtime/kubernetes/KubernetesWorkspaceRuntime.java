package dev.atelier.runtime.kubernetes;

import dev.atelier.runtime.agent.AgentExecProcess;
import dev.atelier.runtime.agent.AgentFiles;
import dev.atelier.runtime.agent.AgentPortConnection;
import dev.atelier.runtime.kubernetes.PodStatusMapper.PodState;
import dev.atelier.runtime.spi.Condition;
import dev.atelier.runtime.spi.ExecProcess;
import dev.atelier.runtime.spi.ExecRequest;
import dev.atelier.runtime.spi.ListeningPort;
import dev.atelier.runtime.spi.Phase;
import dev.atelier.runtime.spi.PortConnection;
import dev.atelier.runtime.spi.RuntimeEventListener;
import dev.atelier.runtime.spi.StartResult;
import dev.atelier.runtime.spi.WorkspaceFiles;
import dev.atelier.runtime.spi.WorkspaceRuntime;
import dev.atelier.runtime.spi.WorkspaceRuntimeException;
import dev.atelier.runtime.spi.WorkspaceRuntimeException.ErrorCode;
import dev.atelier.runtime.spi.WorkspaceSpec;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code kubernetes} {@link WorkspaceRuntime}: one pod per workspace in a configured namespace,
 * through the fabric8 client.
 *
 * <ul>
 *   <li>start: a volume claim (kept across stops), a NetworkPolicy, and a pod built from the stack;
 *       on the first start an init container clones the repository, then {@code postCreateCommand}
 *       runs; {@code postStartCommand} runs on every start (see {@link WorkspaceStart}).
 *   <li>status: an informer on the workspace pods maps pod phases and container states to workspace
 *       phases ({@link PodStatusMapper}); a pod that fails later is reported {@code FAILED} and
 *       deleted.
 *   <li>stop deletes the pod and keeps the volume; delete also removes the volume and the
 *       NetworkPolicy.
 *   <li>port discovery uses the API server's exec ({@link PodScripts}); processes, files, the file
 *       watch and port connections go through the workspace agent, which runs in the pod and is
 *       reached over an exec's standard input and output ({@link PodAgent}).
 * </ul>
 *
 * <p>The API calls it makes are exactly those the Role in {@code deploy/kubernetes} grants; a test
 * records them against the mock API server and checks the Role.
 */
public final class KubernetesWorkspaceRuntime implements WorkspaceRuntime, AutoCloseable {

  /** The value of {@code atelier.runtime.type} that selects this runtime. */
  public static final String TYPE = "kubernetes";

  private static final Logger LOG = LoggerFactory.getLogger(KubernetesWorkspaceRuntime.class);
  private static final long RESYNC_MILLIS = TimeUnit.MINUTES.toMillis(10);

  private final KubernetesClient client;
  private final KubernetesRuntimeProperties properties;
  private final String namespace;
  private final WorkspaceObjects objects;
  private final WorkspaceCluster cluster;
  private final RuntimeEvents events = new RuntimeEvents();
  private final Map<String, WorkspaceStart> starts = new ConcurrentHashMap<>();
  private final Map<String, PodAgent> agents = new ConcurrentHashMap<>();
  private final ExecutorService workers;
  private volatile SharedIndexInformer<Pod> informer;

  /**
   * @param client the Kubernetes client; its credentials need the permissions of {@code
   *     deploy/kubernetes/rbac.yaml}
   * @param properties validated here; an invalid value throws {@link IllegalArgumentException}
   */
  public KubernetesWorkspaceRuntime(
      KubernetesClient client, KubernetesRuntimeProperties properties) {
    this.client = Objects.requireNonNull(client, "client");
    this.properties = Objects.requireNonNull(properties, "properties");
    properties.validate();
    String configured = properties.getNamespace();
    this.namespace =
        configured != null && !configured.isBlank()
            ? configured
            : Optional.ofNullable(client.getNamespace()).orElse("default");
    this.objects = new WorkspaceObjects(properties, namespace);
    this.cluster = new WorkspaceCluster(client, namespace, objects);
    this.workers = Executors.newCachedThreadPool(threads("atelier-k8s-worker"));
  }

  @Override
  public String type() {
    return TYPE;
  }

  /** The namespace workspaces run in. */
  public String namespace() {
    return namespace;
  }

  @Override
  public CompletableFuture<StartResult> start(WorkspaceSpec spec) {
    Objects.requireNonNull(spec, "spec");
    WorkspaceLabels.requireValidId(spec.workspaceId());
    ensureInformer();
    WorkspaceStart start;
    synchronized (starts) {
      // A finished start may still be in the map for a moment (it removes itself after completing).
      WorkspaceStart running = starts.get(spec.workspaceId());
      if (running != null && !running.result().isDone()) {
        return running.result();
      }
      start = new WorkspaceStart(this, spec);
      starts.put(spec.workspaceId(), start);
    }
    workers.execute(start);
    return start.result();
  }

  @Override
  public CompletableFuture<Void> stop(String workspaceId) {
    WorkspaceLabels.requireValidId(workspaceId);
    return CompletableFuture.runAsync(() -> stopNow(workspaceId), workers);
  }

  private void stopNow(String workspaceId) {
    WorkspaceStart start = inProgress(workspaceId);
    if (start != null) {
      start.cancel();
    }
    events.emit(
        workspaceId, Phase.STOPPING, Condition.of("stopping", "deleting the workspace pod"));
    closeAgent(workspaceId);
    cluster.deletePodAndWait(workspaceId, properties.getStopTimeout());
    if (start != null) {
      start.result().exceptionally(e -> null).join();
    }
    events.emit(workspaceId, Phase.STOPPED, List.of());
  }

  @Override
  public CompletableFuture<Void> delete(String workspaceId) {
    WorkspaceLabels.requireValidId(workspaceId);
    return CompletableFuture.runAsync(
        () -> {
          stopNow(workspaceId);
          cluster.deleteStorageAndPolicy(workspaceId);
          events.forget(workspaceId);
        },
        workers);
  }

  /**
   * Runs a process through the workspace's agent in the pod: it inherits the workspace container's
   * environment (the image's and the stack's), then the request's variables.
   */
  @Override
  public ExecProcess exec(String workspaceId, ExecRequest request) {
    Objects.requireNonNull(request, "request");
    WorkspaceLabels.requireValidId(workspaceId);
    Map<String, String> env = new LinkedHashMap<>();
    if (request.pty() != null) {
      env.put("TERM", "xterm-256color");
    }
    env.putAll(request.env());
    return AgentExecProcess.start(agent(workspaceId).connection(), request, env);
  }

  /**
   * Files through the workspace's agent, inside the pod: available while the pod runs ({@code
   * NOT_RUNNING} otherwise); watches outlive agent and pod restarts.
   */
  @Override
  public WorkspaceFiles files(String workspaceId) {
    WorkspaceLabels.requireValidId(workspaceId);
    return new AgentFiles(
        () -> agent(workspaceId).connection(), () -> agent(workspaceId).running());
  }

  /** A connection the workspace's agent makes to its own {@code localhost:port} in the pod. */
  @Override
  public PortConnection openPort(String workspaceId, int port) {
    WorkspaceLabels.requireValidId(workspaceId);
    if (port < 1 || port > 65535) {
      throw new WorkspaceRuntimeException(
          ErrorCode.PORT_UNREACHABLE, "port " + port + " is not a TCP port (1-65535)");
    }
    return AgentPortConnection.open(agent(workspaceId).connection(), port);
  }

  /** The agent of a workspace, started on first use. */
  PodAgent agent(String workspaceId) {
    return agents.computeIfAbsent(
        workspaceId,
        id ->
            new PodAgent(
                id, () -> cluster.runningContainer(id), workers, properties.getOperationTimeout()));
  }

  /** Ends the agent of a workspace whose pod goes away. */
  void closeAgent(String workspaceId) {
    PodAgent agent = agents.remove(workspaceId);
    if (agent != null) {
      agent.close();
    }
  }

  @Override
  public List<ListeningPort> listeningPorts(String workspaceId) {
    PodCommand.Result result =
        PodCommand.run(
            cluster.runningContainer(workspaceId),
            PodScripts.ports(),
            null,
            properties.getOperationTimeout());
    return PortScan.parse(result.stdoutText());
  }

  /**
   * Lists the workspace pods by label, so it also sees pods created before this server started;
   * pods being deleted do not count.
   */
  @Override
  public Set<String> activeWorkspaces() {
    ensureInformer();
    return new TreeSet<>(cluster.workspacePods());
  }

  @Override
  public AutoCloseable subscribe(RuntimeEventListener listener) {
    AutoCloseable handle = events.subscribe(listener);
    ensureInformer();
    return handle;
  }

  /** Stops the informer, the agent connections and worker threads; the pods keep running. */
  @Override
  public void close() {
    SharedIndexInformer<Pod> current = informer;
    if (current != null) {
      current.close();
    }
    agents.values().forEach(PodAgent::close);
    agents.clear();
    starts.values().forEach(WorkspaceStart::cancel);
    // Closing an agent schedules the exec that ends its process: let those finish (briefly)
    // rather than cut their exec streams off half-open.
    workers.shutdown();
    try {
      if (!workers.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS)) {
        workers.shutdownNow();
      }
    } catch (InterruptedException e) {
      workers.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  // ---- the pod informer

  private void ensureInformer() {
    if (informer != null) {
      return;
    }
    synchronized (this) {
      if (informer == null) {
        informer =
            cluster.inform(
                new ResourceEventHandler<>() {
                  @Override
                  public void onAdd(Pod pod) {
                    onPod(pod, false);
                  }

                  @Override
                  public void onUpdate(Pod before, Pod pod) {
                    onPod(pod, false);
                  }

                  @Override
                  public void onDelete(Pod pod, boolean finalStateUnknown) {
                    onPod(pod, true);
                  }
                },
                RESYNC_MILLIS);
      }
    }
  }

  private void onPod(Pod pod, boolean deleted) {
    String id = WorkspaceLabels.workspaceIdOf(pod);
    if (id == null) {
      return;
    }
    WorkspaceStart start = inProgress(id);
    if (start != null) {
      start.onPod(pod, deleted);
      return;
    }
    if (deleted) {
      closeAgent(id);
      if (!cluster.deletionObserved(id)
          && events.lastPhase(id) != null
          && events.lastPhase(id).isActive()) {
        events.emit(
            id,
            Phase.STOPPED,
            Condition.of(
                "podDeleted",
                "the workspace pod was deleted outside Atelier; start the workspace again"));
      }
      return;
    }
    if (cluster.isDeleting(id)) {
      return; // a pod this runtime is deleting (stop, failure): those report the phase themselves
    }
    PodState state = PodStatusMapper.map(pod);
    events.emit(id, state.phase(), state.conditions());
    if (state.failed()) {
      closeAgent(id);
      workers.execute(() -> cluster.deletePodQuietly(id));
    }
  }

  // ---- used by WorkspaceStart

  KubernetesRuntimeProperties properties() {
    return properties;
  }

  WorkspaceObjects objects() {
    return objects;
  }

  RuntimeEvents events() {
    return events;
  }

  private WorkspaceStart inProgress(String workspaceId) {
    WorkspaceStart start = starts.get(workspaceId);
    return start == null || start.result().isDone() ? null : start;
  }

  void finished(WorkspaceStart start) {
    starts.remove(start.workspaceId(), start);
  }

  WorkspaceCluster cluster() {
    return cluster;
  }

  private static ThreadFactory threads(String prefix) {
    AtomicInteger counter = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, prefix + "-" + counter.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
