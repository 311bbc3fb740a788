package dev.atelier.runtime.kubernetes;

import dev.atelier.runtime.agent.AgentFiles;
import dev.atelier.runtime.kubernetes.PodStatusMapper.PodState;
import dev.atelier.runtime.spi.Condition;
import dev.atelier.runtime.spi.Phase;
import dev.atelier.runtime.spi.ResourceKind;
import dev.atelier.runtime.spi.StartResult;
import dev.atelier.runtime.spi.WorkspaceRuntimeException;
import dev.atelier.runtime.spi.WorkspaceRuntimeException.ErrorCode;
import dev.atelier.runtime.spi.WorkspaceSpec;
import dev.atelier.stacks.Command;
import dev.atelier.stacks.RepositoryStacks;
import dev.atelier.stacks.ResolvedStack;
import dev.atelier.stacks.Stack;
import dev.atelier.stacks.StackException;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One start of one workspace, run on a worker thread: volume and NetworkPolicy, the pod, waiting
 * for it (fed by the pod informer), the repository's own stack, {@code postCreateCommand} on the
 * first start, {@code postStartCommand}, then {@link Phase#RUNNING}. Any failure reports {@link
 * Phase#FAILED} with its condition and deletes the pod, keeping the volume.
 */
final class WorkspaceStart implements Runnable {

  private static final Logger LOG = LoggerFactory.getLogger(WorkspaceStart.class);
  private static final long POLL_MILLIS = 1000;
  private static final long REFRESH_NANOS = TimeUnit.SECONDS.toNanos(5);

  private final KubernetesWorkspaceRuntime runtime;
  private final WorkspaceSpec spec;
  private final String id;
  private final long deadline;
  private final Duration timeout;
  private final CompletableFuture<StartResult> result = new CompletableFuture<>();
  private final BlockingQueue<Optional<Pod>> updates = new LinkedBlockingQueue<>();
  private volatile String podUid;
  private volatile boolean cancelled;
  private Phase phase = Phase.CREATING;
  private PodState lastState;

  WorkspaceStart(KubernetesWorkspaceRuntime runtime, WorkspaceSpec spec) {
    this.runtime = runtime;
    this.spec = spec;
    this.id = spec.workspaceId();
    this.timeout = runtime.properties().getStartTimeout();
    this.deadline = System.nanoTime() + timeout.toNanos();
  }

  CompletableFuture<StartResult> result() {
    return result;
  }

  String workspaceId() {
    return id;
  }

  /** Called by the pod informer for this workspace's pods. */
  void onPod(Pod pod, boolean deleted) {
    String uid = pod.getMetadata() == null ? null : pod.getMetadata().getUid();
    if (podUid != null && uid != null && !podUid.equals(uid)) {
      return; // an earlier pod of this workspace going away
    }
    updates.offer(deleted ? Optional.empty() : Optional.of(pod));
  }

  /** Stops waiting; {@code stop} then takes the workspace down. */
  void cancel() {
    cancelled = true;
    updates.offer(Optional.empty());
  }

  @Override
  public void run() {
    try {
      result.complete(startWorkspace());
    } catch (WorkspaceRuntimeException e) {
      WorkspaceRuntimeException failure =
          e.code() == ErrorCode.IO
              ? new WorkspaceRuntimeException(ErrorCode.START_FAILED, e.getMessage(), e)
              : e;
      fail(failure, failure.conditionType());
    } catch (StartFailure e) {
      fail(e.exception, e.type);
    } catch (KubernetesClientException e) {
      fail(
          new WorkspaceRuntimeException(
              ErrorCode.START_FAILED, "the Kubernetes API refused a request: " + e.getMessage(), e),
          "startFailed");
    } catch (RuntimeException e) {
      LOG.error("starting workspace {} failed", id, e);
      fail(
          new WorkspaceRuntimeException(ErrorCode.START_FAILED, "starting failed: " + e, e),
          "startFailed");
    } finally {
      runtime.finished(this);
    }
  }

  private StartResult startWorkspace() {
    runtime
        .events()
        .emit(id, Phase.CREATING, Condition.of("creating", "creating the volume and the pod"));
    PersistentVolumeClaim claim = runtime.cluster().ensureVolume(spec);
    boolean initialized = isInitialized(claim);
    runtime.cluster().ensureNetworkPolicy(spec);
    Stack stack = spec.stack();
    boolean alreadyRunning = launch(bounded(stack), !initialized);
    String source = "builtin";
    if (spec.repository() != null) {
      Optional<ResolvedStack> own = repositoryStack();
      if (own.isPresent()) {
        source = own.get().sourcePath();
        Stack repositoryStack = own.get().stack();
        if (!runtime
            .objects()
            .shape(bounded(repositoryStack))
            .equals(runtime.objects().shape(bounded(stack)))) {
          progress(
              Phase.INITIALIZING,
              "applyingStack",
              "restarting the pod with the repository's stack (" + source + ")");
          runtime.closeAgent(id);
          runtime.cluster().deletePodAndWait(id, remaining());
          podUid = null;
          updates.clear();
          alreadyRunning = launch(bounded(repositoryStack), false);
        }
        stack = repositoryStack;
      }
    }
    if (!initialized) {
      lifecycleCommand("postCreateCommand", stack.postCreateCommand());
      runtime.cluster().markInitialized(id);
    }
    if (!alreadyRunning) {
      lifecycleCommand("postStartCommand", stack.postStartCommand());
    }
    if (cancelled) {
      throw stopped();
    }
    runtime.events().emit(id, Phase.RUNNING, List.of());
    // A pod has no process limit of its own (that is the kubelet's podPidsLimit).
    return new StartResult(
        stack, source, spec.limits().apply(stack.resources()).without(ResourceKind.PIDS));
  }

  /** The stack with the server's defaults and ceilings applied to its resources. */
  private Stack bounded(Stack stack) {
    return stack.withResources(spec.limits().apply(stack.resources()).effective());
  }

  /**
   * Creates the pod (or adopts one that is already there and healthy) and waits until it runs.
   *
   * @return whether an adopted pod was already running, so its start commands already ran
   */
  private boolean launch(Stack stack, boolean clone) {
    Pod existing = runtime.cluster().getPod(id);
    if (existing != null) {
      PodState state = PodStatusMapper.map(existing);
      if (state.failed() || state.phase() == Phase.STOPPING) {
        runtime.cluster().deletePodAndWait(id, remaining());
        existing = null;
      }
    }
    boolean alreadyRunning = false;
    Pod pod;
    if (existing != null) {
      pod = existing;
      alreadyRunning = PodStatusMapper.map(existing).phase() == Phase.RUNNING;
    } else {
      pod = runtime.cluster().createPod(runtime.objects().pod(spec, stack, clone));
    }
    podUid = pod.getMetadata().getUid();
    // Anything queued before this pod existed belongs to an earlier pod of the workspace, e.g. the
    // informer's late deletion event of the pod a stop just removed; it must not read as "our pod
    // was deleted". Later events of other pods are dropped by the uid check in onPod, and a
    // cancellation is seen through the flag the wait loop checks first.
    updates.clear();
    updates.offer(Optional.of(pod));
    awaitRunning();
    return alreadyRunning;
  }

  private void awaitRunning() {
    long lastRefresh = System.nanoTime();
    long lastProgressPoll = 0;
    while (true) {
      if (cancelled) {
        throw stopped();
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw timedOut();
      }
      Optional<Pod> update;
      try {
        update =
            updates.poll(
                Math.min(TimeUnit.NANOSECONDS.toMillis(left) + 1, POLL_MILLIS),
                TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw stopped();
      }
      if (cancelled) {
        throw stopped();
      }
      if (update == null) {
        // Quiet: show clone progress, and re-read the pod now and then in case a watch event was
        // lost.
        if (lastState != null
            && "cloning".equals(lastState.reason())
            && System.nanoTime() - lastProgressPoll > TimeUnit.MILLISECONDS.toNanos(POLL_MILLIS)) {
          lastProgressPoll = System.nanoTime();
          runtime
              .cluster()
              .cloneLog(id)
              .flatMap(CloneProgress::latest)
              .ifPresent(
                  step ->
                      progress(Phase.INITIALIZING, "cloning", lastState.message() + ": " + step));
        }
        if (System.nanoTime() - lastRefresh > REFRESH_NANOS) {
          lastRefresh = System.nanoTime();
          Pod current = runtime.cluster().getPod(id);
          update = current == null ? Optional.empty() : Optional.of(current);
        } else {
          continue;
        }
      }
      if (update.isEmpty()) {
        throw new StartFailure(
            new WorkspaceRuntimeException(
                ErrorCode.START_FAILED,
                "the workspace pod was deleted while the workspace was starting"),
            "podDeleted");
      }
      PodState state = PodStatusMapper.map(update.get());
      lastState = state;
      switch (state.phase()) {
        case RUNNING -> {
          return;
        }
        case FAILED -> {
          ErrorCode code =
              PodStatusMapper.CLONE_FAILED.equals(state.reason())
                  ? ErrorCode.CLONE_FAILED
                  : ErrorCode.START_FAILED;
          String message =
              code == ErrorCode.CLONE_FAILED
                  ? state.message()
                  : state.reason() + ": " + state.message();
          throw new StartFailure(new WorkspaceRuntimeException(code, message), state.reason());
        }
        case STOPPING, STOPPED ->
            throw new StartFailure(
                new WorkspaceRuntimeException(
                    ErrorCode.START_FAILED,
                    "the workspace pod was deleted while the workspace was starting"),
                "podDeleted");
        default -> progress(state.phase(), state.conditions());
      }
    }
  }

  private Optional<ResolvedStack> repositoryStack() {
    // Through the agent: this also shows that it runs in the pod before the workspace is RUNNING.
    AgentFiles files = new AgentFiles(() -> runtime.agent(id).connection());
    try {
      return RepositoryStacks.resolve(
          relative -> {
            try {
              return Optional.of(new String(files.read(relative), StandardCharsets.UTF_8));
            } catch (WorkspaceRuntimeException e) {
              if (e.code() == ErrorCode.FILE_NOT_FOUND) {
                return Optional.empty();
              }
              throw e;
            }
          });
    } catch (StackException e) {
      throw new WorkspaceRuntimeException(ErrorCode.STACK_INVALID, e.getMessage(), e);
    }
  }

  private void lifecycleCommand(String name, Command command) {
    if (command == null) {
      return;
    }
    if (cancelled) {
      throw stopped();
    }
    List<String> argv = command.toArgv();
    progress(Phase.INITIALIZING, name, "running " + String.join(" ", argv));
    PodCommand.Result outcome;
    try {
      outcome =
          PodCommand.run(
              runtime.cluster().container(id),
              PodScripts.exec(name + "-" + id, PodScripts.ROOT, Map.of(), argv),
              null,
              remaining());
    } catch (WorkspaceRuntimeException e) {
      if (e.code() == ErrorCode.TIMEOUT) {
        throw timedOut();
      }
      throw e;
    }
    if (outcome.exitCode() != 0) {
      throw new WorkspaceRuntimeException(
          ErrorCode.COMMAND_FAILED,
          name
              + " exited with "
              + outcome.exitCode()
              + (outcome.lastLine().isEmpty() ? "" : ": " + outcome.lastLine()));
    }
  }

  private void progress(Phase next, String type, String message) {
    progress(next, List.of(Condition.of(type, message)));
  }

  /** Reports progress; a start only moves forward (a new pod after INITIALIZING stays there). */
  private void progress(Phase next, List<Condition> conditions) {
    if (next.ordinal() > phase.ordinal() && next.ordinal() <= Phase.INITIALIZING.ordinal()) {
      phase = next;
    }
    runtime.events().emit(id, phase, conditions);
  }

  private Duration remaining() {
    long left = deadline - System.nanoTime();
    if (left <= 0) {
      throw timedOut();
    }
    return Duration.ofNanos(left);
  }

  private StartFailure timedOut() {
    String last =
        lastState == null || lastState.conditions().isEmpty()
            ? ""
            : " (last: " + lastState.conditions().get(0) + ")";
    return new StartFailure(
        new WorkspaceRuntimeException(
            ErrorCode.TIMEOUT,
            "the workspace did not start within "
                + timeout.toSeconds()
                + " s"
                + last
                + "; raise atelier.runtime.kubernetes.start-timeout if images or clones are large"),
        "timeout");
  }

  private StartFailure stopped() {
    return new StartFailure(
        new WorkspaceRuntimeException(
            ErrorCode.START_FAILED, "the workspace was stopped before it was running"),
        "stopped");
  }

  private void fail(WorkspaceRuntimeException exception, String type) {
    if (!cancelled) {
      runtime.events().emit(id, Phase.FAILED, Condition.of(type, exception.getMessage()));
      runtime.closeAgent(id);
      runtime.cluster().deletePodQuietly(id);
    }
    result.completeExceptionally(exception);
  }

  private static boolean isInitialized(PersistentVolumeClaim claim) {
    Map<String, String> annotations = claim.getMetadata().getAnnotations();
    return annotations != null
        && "true".equals(annotations.get(WorkspaceLabels.ANNOTATION_INITIALIZED));
  }

  /** A failure with the condition type to report, e.g. {@code ImagePullBackOff}. */
  private static final class StartFailure extends RuntimeException {
    private final WorkspaceRuntimeException exception;
    private final String type;

    StartFailure(WorkspaceRuntimeException exception, String type) {
      super(exception.getMessage(), null, false, false);
      this.exception = exception;
      this.type = Objects.requireNonNull(type);
    }
  }
}
