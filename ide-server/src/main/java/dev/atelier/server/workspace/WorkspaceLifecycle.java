package dev.atelier.server.workspace;

import dev.atelier.runtime.spi.AppliedResources;
import dev.atelier.runtime.spi.Condition;
import dev.atelier.runtime.spi.Phase;
import dev.atelier.runtime.spi.RuntimeEvent;
import dev.atelier.runtime.spi.StartResult;
import dev.atelier.runtime.spi.WorkspaceRuntime;
import dev.atelier.runtime.spi.WorkspaceRuntimeException;
import dev.atelier.runtime.spi.WorkspaceSpec;
import dev.atelier.server.events.EventBus;
import dev.atelier.server.events.WorkspaceResourcesEvent;
import dev.atelier.server.events.WorkspaceStatusEvent;
import dev.atelier.stacks.Stack;
import dev.atelier.stacks.StackException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Drives workspaces through their phases and keeps the database the source of truth. Every change
 * goes through {@link #transition}: read the row, decide (guarded by {@link
 * Phase#canTransitionTo}), compare-and-set on the row's version, then publish a {@link
 * WorkspaceStatusEvent}. Runtime events and start/stop completions are handled off the runtime's
 * threads, on one of a few single-threaded stripes chosen by workspace id, so that one workspace's
 * events are applied in order and a slow database never blocks the runtime.
 */
@Component
class WorkspaceLifecycle implements DisposableBean {

  private static final Logger log = LoggerFactory.getLogger(WorkspaceLifecycle.class);
  private static final int STRIPES = 4;

  /**
   * Every failed attempt means another writer succeeded, so this bounds only pathological
   * contention.
   */
  private static final int MAX_ATTEMPTS = 100;

  private final WorkspaceRuntime runtime;
  private final WorkspaceRepository repository;
  private final EventBus bus;
  private final WorkspaceMetrics metrics;
  private final WorkspaceActivity activity;
  private final ResourcePolicySource limits;
  private final ExecutorService[] stripes = new ExecutorService[STRIPES];

  /** Start requests in flight: workspace id → System.nanoTime() of the request. */
  private final Map<String, Long> starting = new ConcurrentHashMap<>();

  /** Workspaces the server is stopping; their start failures and runtime stops are expected. */
  private final Set<String> stopping = ConcurrentHashMap.newKeySet();

  /** Workspaces being deleted: runtime events for them are dropped. */
  private final Set<String> deleting = ConcurrentHashMap.newKeySet();

  private final AutoCloseable subscription;

  /** The stack each workspace actually started with (a repository's own stack file included). */
  private final Map<String, Stack> startedStacks = new ConcurrentHashMap<>();

  /** The resource limits each workspace's current or last start got. */
  private final Map<String, AppliedResources> startedResources = new ConcurrentHashMap<>();

  WorkspaceLifecycle(
      WorkspaceRuntime runtime,
      WorkspaceRepository repository,
      EventBus bus,
      WorkspaceMetrics metrics,
      WorkspaceActivity activity,
      ResourcePolicySource limits) {
    this.runtime = runtime;
    this.limits = limits;
    this.repository = repository;
    this.bus = bus;
    this.metrics = metrics;
    this.activity = activity;
    for (int i = 0; i < STRIPES; i++) {
      String name = "atelier-lifecycle-" + i;
      stripes[i] =
          Executors.newSingleThreadExecutor(
              r -> {
                Thread t = new Thread(r, name);
                t.setDaemon(true);
                return t;
              });
    }
    this.subscription = runtime.subscribe(this::onRuntimeEvent);
  }

  /** A phase and conditions to move to. */
  record Change(Phase phase, List<Condition> conditions) {}

  // ---------------------------------------------------------------- commands

  /** Inserts a new workspace in PENDING and starts it. */
  WorkspaceRecord createAndStart(WorkspaceRecord pending, Stack stack) {
    repository.insert(pending);
    metrics.invalidate();
    bus.publish(
        new WorkspaceStatusEvent(
            pending.id(),
            pending.ownerId(),
            pending.phase(),
            pending.conditions(),
            pending.createdAt()));
    launch(pending, stack);
    return pending;
  }

  /**
   * Moves a stopped or failed workspace to PENDING and starts it.
   *
   * @param decide throws when the phase does not allow a start
   */
  WorkspaceRecord restart(String id, Stack stack, Function<WorkspaceRecord, Change> decide) {
    WorkspaceRecord pending =
        transition(id, w -> Optional.of(decide.apply(w)))
            .orElseThrow(() -> new IllegalStateException("workspace " + id + " disappeared"));
    repository.touch(id, Instant.now().truncatedTo(ChronoUnit.MILLIS));
    launch(pending, stack);
    return repository.find(id).orElse(pending);
  }

  private void launch(WorkspaceRecord w, Stack stack) {
    String id = w.id();
    stopping.remove(id);
    starting.put(id, System.nanoTime());
    CompletableFuture<StartResult> started;
    try {
      started =
          runtime.start(
              new WorkspaceSpec(
                  id,
                  w.ownerId(),
                  stack,
                  w.repository(),
                  Map.of("atelier.dev/workspace", id, "atelier.dev/owner", w.ownerId()),
                  limits.policy()));
    } catch (RuntimeException e) {
      started = CompletableFuture.failedFuture(e);
    }
    started.whenComplete((result, error) -> onStripe(id, () -> startCompleted(id, result, error)));
  }

  /**
   * Moves a workspace to STOPPING with {@code reason} and asks the runtime to stop it; the
   * completion moves it to STOPPED.
   *
   * @param decide throws when the phase does not allow a stop; empty when already stopping
   */
  WorkspaceRecord stop(String id, Function<WorkspaceRecord, Optional<Change>> decide) {
    stopping.add(id);
    Optional<WorkspaceRecord> changed;
    try {
      changed = transition(id, decide);
    } catch (RuntimeException e) {
      stopping.remove(id);
      throw e;
    }
    if (changed.isEmpty()) {
      return repository
          .find(id)
          .orElseThrow(() -> new IllegalStateException("workspace " + id + " disappeared"));
    }
    CompletableFuture<Void> stopped;
    try {
      stopped = runtime.stop(id);
    } catch (RuntimeException e) {
      stopped = CompletableFuture.failedFuture(e);
    }
    stopped.whenComplete((v, error) -> onStripe(id, () -> stopCompleted(id, error)));
    return changed.get();
  }

  /**
   * Moves a workspace to STOPPING with {@code why} and asks the runtime to stop it, without
   * handling the completion: the caller waits for it and then records STOPPED with {@link #force}.
   */
  CompletableFuture<Void> stopForShutdown(String id, Condition why) {
    stopping.add(id);
    try {
      transition(
          id,
          w ->
              w.phase() != Phase.STOPPING && w.phase().canTransitionTo(Phase.STOPPING)
                  ? Optional.of(new Change(Phase.STOPPING, List.of(why)))
                  : Optional.empty());
      return runtime.stop(id);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /**
   * Deletes a workspace's content through the runtime, then its rows.
   *
   * @throws WorkspaceRuntimeException or a timeout when the runtime could not delete it
   */
  void delete(String id, Duration timeout) throws Exception {
    deleting.add(id);
    stopping.add(id);
    try {
      runtime.delete(id).get(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
      repository.delete(id);
      metrics.invalidate();
      activity.forget(id);
      forget(id);
      starting.remove(id);
    } finally {
      stopping.remove(id);
      deleting.remove(id);
    }
  }

  /**
   * Sets a phase without the lifecycle guard, for reconcile and shutdown, where the processes are
   * known to be gone whatever the row says.
   */
  Optional<WorkspaceRecord> force(String id, Phase phase, List<Condition> conditions) {
    return transition(
        id,
        w ->
            w.phase() == phase && w.conditions().equals(conditions)
                ? Optional.empty()
                : Optional.of(new Change(phase, conditions)));
  }

  // ---------------------------------------------------------------- reports

  private void onRuntimeEvent(RuntimeEvent event) {
    if (event == null || event.workspaceId() == null || deleting.contains(event.workspaceId())) {
      return;
    }
    onStripe(event.workspaceId(), () -> apply(event));
  }

  private void apply(RuntimeEvent event) {
    Optional<WorkspaceRecord> changed = transition(event.workspaceId(), w -> decide(w, event));
    if (changed.isPresent() && changed.get().phase() != event.phase()) {
      apply(event); // went one step through a bridge phase; now the rest of the way
    }
  }

  private Optional<Change> decide(WorkspaceRecord w, RuntimeEvent event) {
    Phase from = w.phase();
    Phase to = event.phase();
    if (from == to) {
      return event.conditions().isEmpty() || event.conditions().equals(w.conditions())
          ? Optional.empty()
          : Optional.of(new Change(to, event.conditions()));
    }
    if (from == Phase.FAILED
        && (to == Phase.STOPPING || to == Phase.STOPPED)
        && !stopping.contains(w.id())) {
      // The runtime cleaning up after a failure must not hide why it failed.
      return Optional.empty();
    }
    if (!from.canTransitionTo(to)) {
      Phase bridge = bridge(from, to);
      if (bridge == null) {
        log.debug("Ignoring {} for workspace {} in {}", to, w.id(), from);
        return Optional.empty();
      }
      // A report skipped a step (the runtime went straight to RUNNING, or found the processes
      // gone without a stop request): record the step, so the history follows the lifecycle.
      return Optional.of(
          new Change(bridge, bridge == Phase.STOPPING ? event.conditions() : List.of()));
    }
    List<Condition> conditions = event.conditions();
    if (conditions.isEmpty() && from == Phase.STOPPING && to == Phase.STOPPED) {
      conditions = w.conditions(); // keep why it was stopped (idle timeout, shutdown)
    }
    return Optional.of(new Change(to, conditions));
  }

  /** The one intermediate phase that makes {@code from → to} legal, if any. */
  private static Phase bridge(Phase from, Phase to) {
    for (Phase via : List.of(Phase.CREATING, Phase.STOPPING)) {
      if (from.canTransitionTo(via) && via.canTransitionTo(to)) {
        return via;
      }
    }
    return null;
  }

  private void startCompleted(String id, StartResult result, Throwable error) {
    if (error == null) {
      if (result != null && result.stack() != null) {
        startedStacks.put(id, result.stack());
        repository.updateEffectiveStack(id, result.stack().id(), result.stackSource());
      }
      if (result != null) {
        startedResources.put(id, result.resources());
        bus.publish(new WorkspaceResourcesEvent(id, result.resources()));
      }
      if (!stopping.contains(id)) {
        apply(RuntimeEvent.of(id, Phase.RUNNING)); // in case the runtime did not report it
      }
      return;
    }
    Throwable cause = unwrap(error);
    if (stopping.contains(id) || cause instanceof CancellationException) {
      return; // a stop interrupted the start: STOPPED is the outcome, not FAILED
    }
    Condition condition = conditionFor(cause, "startFailed");
    transition(id, w -> toFailed(w, condition));
  }

  /** The stack the workspace's current or last start used, if this server started it. */
  Optional<Stack> startedStack(String id) {
    return Optional.ofNullable(startedStacks.get(id));
  }

  /** The resource limits of the workspace's current or last start, if this server started it. */
  Optional<AppliedResources> startedResources(String id) {
    return Optional.ofNullable(startedResources.get(id));
  }

  /** Forgets what this server knows about a deleted workspace's starts. */
  void forget(String id) {
    startedStacks.remove(id);
    startedResources.remove(id);
  }

  private void stopCompleted(String id, Throwable error) {
    if (error == null) {
      transition(
          id,
          w ->
              w.phase() == Phase.STOPPING
                  ? Optional.of(new Change(Phase.STOPPED, w.conditions()))
                  : Optional.empty());
      return;
    }
    Condition condition = conditionFor(unwrap(error), "stopFailed");
    stopping.remove(id);
    transition(id, w -> toFailed(w, condition));
  }

  private static Optional<Change> toFailed(WorkspaceRecord w, Condition condition) {
    if (w.phase() == Phase.FAILED) {
      boolean known =
          w.conditions().stream()
              .anyMatch(
                  c ->
                      c.type().equals(condition.type())
                          && Objects.equals(c.message(), condition.message()));
      return known ? Optional.empty() : Optional.of(new Change(Phase.FAILED, List.of(condition)));
    }
    return w.phase().canTransitionTo(Phase.FAILED)
        ? Optional.of(new Change(Phase.FAILED, List.of(condition)))
        : Optional.empty();
  }

  /** The condition a failure becomes, e.g. {@code cloneFailed: repository not found}. */
  static Condition conditionFor(Throwable cause, String fallbackType) {
    if (cause instanceof WorkspaceRuntimeException e) {
      return Condition.of(e.conditionType(), e.getMessage());
    }
    if (cause instanceof StackException e) {
      return Condition.of("stackInvalid", e.getMessage());
    }
    log.error("Unexpected workspace runtime failure", cause);
    return Condition.of(
        fallbackType,
        String.valueOf(
                cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName())
            + " (see the server log)");
  }

  private static Throwable unwrap(Throwable error) {
    Throwable t = error;
    while ((t instanceof CompletionException || t instanceof ExecutionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  // ---------------------------------------------------------------- the one way to change a row

  /**
   * Applies {@code decide} to the current row until the compare-and-set wins.
   *
   * @return the updated row, or empty when the workspace is gone or {@code decide} chose no change
   */
  Optional<WorkspaceRecord> transition(
      String id, Function<WorkspaceRecord, Optional<Change>> decide) {
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      Optional<WorkspaceRecord> current = repository.find(id);
      if (current.isEmpty()) {
        return Optional.empty();
      }
      WorkspaceRecord w = current.get();
      Optional<Change> change = decide.apply(w);
      if (change.isEmpty()) {
        return Optional.empty();
      }
      Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
      List<Condition> conditions = WorkspaceRepository.trim(change.get().conditions());
      Phase to = change.get().phase();
      if (repository.compareAndSet(id, w.version(), w.phase(), to, conditions, at)) {
        WorkspaceRecord updated =
            new WorkspaceRecord(
                w.id(),
                w.ownerId(),
                w.name(),
                w.stackId(),
                w.effectiveStackId(),
                w.stackSource(),
                w.repository(),
                to,
                conditions,
                w.version() + 1,
                w.createdAt(),
                w.lastUsedAt());
        afterTransition(w.phase(), updated, at);
        return Optional.of(updated);
      }
    }
    throw new IllegalStateException(
        "workspace " + id + " kept changing while updating it; giving up after " + MAX_ATTEMPTS);
  }

  private void afterTransition(Phase from, WorkspaceRecord w, Instant at) {
    metrics.invalidate();
    String id = w.id();
    switch (w.phase()) {
      case RUNNING -> {
        Long requested = starting.remove(id);
        if (requested != null) {
          metrics.started(Duration.ofNanos(System.nanoTime() - requested));
        }
        activity.started(id);
      }
      case FAILED -> {
        if (starting.remove(id) != null) {
          metrics.startFailed();
        }
        activity.stopped(id);
      }
      case STOPPED -> {
        starting.remove(id);
        stopping.remove(id);
        activity.stopped(id);
      }
      default -> {}
    }
    if (from != w.phase()) {
      log.info(
          "Workspace {}: {} -> {}{}",
          id,
          from,
          w.phase(),
          w.conditions().isEmpty() ? "" : " " + w.conditions());
    }
    bus.publish(new WorkspaceStatusEvent(id, w.ownerId(), w.phase(), w.conditions(), at));
  }

  private void onStripe(String id, Runnable task) {
    try {
      stripes[Math.floorMod(id.hashCode(), STRIPES)].execute(
          () -> {
            try {
              task.run();
            } catch (RuntimeException e) {
              log.error("Updating workspace {} failed", id, e);
            }
          });
    } catch (java.util.concurrent.RejectedExecutionException e) {
      log.debug("Server is shutting down; not applying an update of workspace {}", id);
    }
  }

  @Override
  public void destroy() throws Exception {
    subscription.close();
    for (ExecutorService stripe : stripes) {
      stripe.shutdown();
    }
    for (ExecutorService stripe : stripes) {
      stripe.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS);
    }
  }
}
