package dev.atelier.runtime.kubernetes;

import dev.atelier.runtime.kubernetes.PodStatusMapper.PodState;
import dev.atelier.runtime.spi.Condition;
import dev.atelier.runtime.spi.ExecProcess;
import dev.atelier.runtime.spi.ExecRequest;
import dev.atelier.runtime.spi.ListeningPort;
import dev.atelier.runtime.spi.Phase;
import dev.atelier.runtime.spi.RuntimeEventListener;
import dev.atelier.runtime.spi.StartResult;
import dev.atelier.runtime.spi.WorkspaceFiles;
import dev.atelier.runtime.spi.WorkspaceRuntime;
import dev.atelier.runtime.spi.WorkspaceRuntimeException;
import dev.atelier.runtime.spi.WorkspaceRuntimeException.ErrorCode;
import dev.atelier.runtime.spi.WorkspaceSpec;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.KubernetesClientTimeoutException;
import io.fabric8.kubernetes.client.dsl.ContainerResource;
import io.fabric8.kubernetes.client.dsl.ExecWatch;
import io.fabric8.kubernetes.client.dsl.PodResource;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
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
 *   <li>exec, files and port discovery use the API server's exec ({@link PodScripts}).
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
  private final RuntimeEvents events = new RuntimeEvents();
  private final Map<String, WorkspaceStart> starts = new ConcurrentHashMap<>();
  private final Set<String> ownDeletes = ConcurrentHashMap.newKeySet();
  private final Map<String, TreeWatch> treeWatches = new ConcurrentHashMap<>();
  private final ExecutorService workers;
  private final ScheduledExecutorService scheduler;
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
    this.workers = Executors.newCachedThreadPool(threads("atelier-k8s-worker"));
    this.scheduler = Executors.newScheduledThreadPool(2, threads("atelier-k8s-watch"));
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
    ownDeletes.remove(spec.workspaceId());
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
    TreeWatch watch = treeWatches.remove(workspaceId);
    if (watch != null) {
      watch.close();
    }
    deletePodAndWait(workspaceId, properties.getStopTimeout());
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
          String name = WorkspaceLabels.objectName(workspaceId);
          client.network().v1().networkPolicies().inNamespace(namespace).withName(name).delete();
          client.persistentVolumeClaims().inNamespace(namespace).withName(name).delete();
          events.forget(workspaceId);
        },
        workers);
  }

  @Override
  public ExecProcess exec(String workspaceId, ExecRequest request) {
    Objects.requireNonNull(request, "request");
    ContainerResource container = runningContainer(workspaceId);
    String dir = PodFiles.absolute(PodFiles.normalize(request.cwd()));
    Map<String, String> env = new LinkedHashMap<>(request.env());
    boolean pty = request.pty() != null;
    if (pty) {
      env.putIfAbsent("TERM", "xterm-256color");
    }
    String execId = UUID.randomUUID().toString();
    String[] argv = PodScripts.exec(execId, dir, env, request.command()).toArray(String[]::new);
    ExecWatch watch;
    try {
      watch =
          pty
              ? container.redirectingInput().redirectingOutput().withTTY().exec(argv)
              : container.redirectingInput().redirectingOutput().redirectingError().exec(argv);
    } catch (KubernetesClientException e) {
      throw new WorkspaceRuntimeException(
          ErrorCode.IO,
          "cannot run "
              + request.command().get(0)
              + " in workspace "
              + workspaceId
              + ": "
              + e.getMessage(),
          e);
    }
    if (pty) {
      watch.resize(request.pty().columns(), request.pty().rows());
    }
    return new PodExecProcess(watch, pty, () -> killExec(container, execId));
  }

  private void killExec(ContainerResource container, String execId) {
    try {
      PodCommand.run(container, PodScripts.kill(execId), null, properties.getOperationTimeout());
    } catch (RuntimeException e) {
      LOG.warn("could not kill exec {}: {}", execId, e.getMessage());
    }
  }

  @Override
  public WorkspaceFiles files(String workspaceId) {
    WorkspaceLabels.requireValidId(workspaceId);
    return new PodFiles(
        () -> runningContainer(workspaceId),
        properties.getOperationTimeout(),
        listener -> treeWatch(workspaceId).add(listener));
  }

  PodFiles podFiles(String workspaceId) {
    return new PodFiles(
        () -> container(workspaceId),
        properties.getOperationTimeout(),
        listener -> treeWatch(workspaceId).add(listener));
  }

  private TreeWatch treeWatch(String workspaceId) {
    return treeWatches.computeIfAbsent(
        workspaceId,
        id ->
            new TreeWatch(
                () -> {
                  String[] excludes = properties.getFileWatchExcludes().toArray(String[]::new);
                  PodCommand.Result result =
                      PodCommand.run(
                          runningContainer(id),
                          PodScripts.files(PodScripts.ROOT, "tree", excludes),
                          null,
                          properties.getOperationTimeout());
                  if (result.exitCode() != 0) {
                    throw new WorkspaceRuntimeException(
                        ErrorCode.IO, "tree listing failed: " + result.lastLine());
                  }
                  return result.stdoutText();
                },
                scheduler,
                properties.getFileWatchInterval().toMillis(),
                () -> treeWatches.remove(id)));
  }

  @Override
  public List<ListeningPort> listeningPorts(String workspaceId) {
    PodCommand.Result result =
        PodCommand.run(
            runningContainer(workspaceId),
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
    Set<String> ids = new TreeSet<>();
    for (Pod pod :
        client
            .pods()
            .inNamespace(namespace)
            .withLabels(WorkspaceLabels.SELECTOR)
            .list()
            .getItems()) {
      String id = WorkspaceLabels.workspaceIdOf(pod);
      if (id != null && pod.getMetadata().getDeletionTimestamp() == null) {
        ids.add(id);
      }
    }
    return ids;
  }

  @Override
  public AutoCloseable subscribe(RuntimeEventListener listener) {
    AutoCloseable handle = events.subscribe(listener);
    ensureInformer();
    return handle;
  }

  /** Stops the informer, file watches and worker threads; the pods keep running. */
  @Override
  public void close() {
    SharedIndexInformer<Pod> current = informer;
    if (current != null) {
      current.close();
    }
    treeWatches.values().forEach(TreeWatch::close);
    treeWatches.clear();
    starts.values().forEach(WorkspaceStart::cancel);
    scheduler.shutdownNow();
    workers.shutdownNow();
  }

  // ---- the pod informer

  private void ensureInformer() {
    if (informer != null) {
      return;
    }
    synchronized (this) {
      if (informer == null) {
        informer =
            client
                .pods()
                .inNamespace(namespace)
                .withLabels(WorkspaceLabels.SELECTOR)
                .inform(
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
      if (!ownDeletes.remove(id)
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
    if (ownDeletes.contains(id)) {
      return; // a pod this runtime is deleting (stop, failure): those report the phase themselves
    }
    PodState state = PodStatusMapper.map(pod);
    events.emit(id, state.phase(), state.conditions());
    if (state.failed()) {
      workers.execute(() -> deletePodQuietly(id));
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

  PodResource pod(String workspaceId) {
    return client.pods().inNamespace(namespace).withName(WorkspaceLabels.objectName(workspaceId));
  }

  ContainerResource container(String workspaceId) {
    return pod(workspaceId).inContainer(WorkspaceObjects.WORKSPACE_CONTAINER);
  }

  /**
   * The workspace container of a running pod.
   *
   * @throws WorkspaceRuntimeException {@code NOT_RUNNING} when the pod is missing or not running
   */
  ContainerResource runningContainer(String workspaceId) {
    WorkspaceLabels.requireValidId(workspaceId);
    Pod pod = pod(workspaceId).get();
    if (pod == null
        || pod.getMetadata().getDeletionTimestamp() != null
        || pod.getStatus() == null
        || !"Running".equals(pod.getStatus().getPhase())) {
      throw new WorkspaceRuntimeException(
          ErrorCode.NOT_RUNNING, "workspace " + workspaceId + " is not running; start it first");
    }
    return container(workspaceId);
  }

  Pod createPod(Pod pod) {
    return client.pods().inNamespace(namespace).resource(pod).create();
  }

  PersistentVolumeClaim ensureVolume(WorkspaceSpec spec) {
    String name = WorkspaceLabels.objectName(spec.workspaceId());
    PersistentVolumeClaim claim =
        client.persistentVolumeClaims().inNamespace(namespace).withName(name).get();
    if (claim != null) {
      return claim;
    }
    return client
        .persistentVolumeClaims()
        .inNamespace(namespace)
        .resource(objects.volumeClaim(spec, spec.stack()))
        .create();
  }

  void ensureNetworkPolicy(WorkspaceSpec spec) {
    NetworkPolicy wanted = objects.networkPolicy(spec, spec.stack());
    var resource =
        client
            .network()
            .v1()
            .networkPolicies()
            .inNamespace(namespace)
            .withName(wanted.getMetadata().getName());
    NetworkPolicy existing = resource.get();
    if (existing == null) {
      client.network().v1().networkPolicies().inNamespace(namespace).resource(wanted).create();
    } else if (!Objects.equals(existing.getSpec(), wanted.getSpec())) {
      // The server's pod labels changed since the workspace was created.
      resource.edit(
          policy -> {
            policy.setSpec(wanted.getSpec());
            return policy;
          });
    }
  }

  void markInitialized(String workspaceId) {
    client
        .persistentVolumeClaims()
        .inNamespace(namespace)
        .withName(WorkspaceLabels.objectName(workspaceId))
        .edit(
            claim -> {
              if (claim.getMetadata().getAnnotations() == null) {
                claim.getMetadata().setAnnotations(new LinkedHashMap<>());
              }
              claim
                  .getMetadata()
                  .getAnnotations()
                  .put(WorkspaceLabels.ANNOTATION_INITIALIZED, "true");
              return claim;
            });
  }

  /** The clone init container's log, for progress; empty when it cannot be read. */
  Optional<String> cloneLog(String workspaceId) {
    try {
      return Optional.ofNullable(
          pod(workspaceId).inContainer(WorkspaceObjects.CLONE_CONTAINER).tailingLines(2).getLog());
    } catch (KubernetesClientException e) {
      return Optional.empty();
    }
  }

  void deletePodAndWait(String workspaceId, Duration timeout) {
    ownDeletes.add(workspaceId);
    PodResource resource = pod(workspaceId);
    resource.delete();
    try {
      resource.waitUntilCondition(Objects::isNull, timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (KubernetesClientTimeoutException e) {
      LOG.warn(
          "pod of workspace {} still terminating after {}; deleting it at once",
          workspaceId,
          timeout);
      resource.withGracePeriod(0).delete();
    }
  }

  void deletePodQuietly(String workspaceId) {
    try {
      ownDeletes.add(workspaceId);
      pod(workspaceId).delete();
    } catch (KubernetesClientException e) {
      LOG.warn("could not delete the pod of failed workspace {}: {}", workspaceId, e.getMessage());
    }
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
