package dev.atelier.server.workspace;

import dev.atelier.runtime.spi.Condition;
import dev.atelier.runtime.spi.Phase;
import dev.atelier.runtime.spi.WorkspaceRuntime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Keeps the database honest across server restarts. At start-up, before requests are served, an
 * active row whose workspace has no live resources in the runtime is corrected: RUNNING or STOPPING
 * becomes STOPPED, a workspace caught mid-start becomes FAILED, both with the condition {@code
 * serverRestarted}; live resources the database does not know as active are stopped. At shutdown,
 * after the web server has stopped taking requests, every active workspace is stopped and its row
 * becomes STOPPED with {@code serverShutdown}.
 */
@Component
class WorkspaceReconciler implements SmartInitializingSingleton, SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(WorkspaceReconciler.class);
  private static final List<Phase> LIVE_PHASES =
      List.of(Phase.PENDING, Phase.CREATING, Phase.INITIALIZING, Phase.RUNNING, Phase.STOPPING);

  private final WorkspaceRuntime runtime;
  private final WorkspaceRepository repository;
  private final WorkspaceLifecycle lifecycle;
  private final WorkspaceProperties properties;
  private volatile boolean running;

  WorkspaceReconciler(
      WorkspaceRuntime runtime,
      WorkspaceRepository repository,
      WorkspaceLifecycle lifecycle,
      WorkspaceProperties properties) {
    this.runtime = runtime;
    this.repository = repository;
    this.lifecycle = lifecycle;
    this.properties = properties;
  }

  @Override
  public void afterSingletonsInstantiated() {
    reconcile();
  }

  /** Compares the database with the runtime and corrects the database (and orphans). */
  void reconcile() {
    Set<String> live = new HashSet<>(runtime.activeWorkspaces());
    Set<String> known = new HashSet<>();
    int corrected = 0;
    for (WorkspaceRecord w : repository.findByPhases(LIVE_PHASES)) {
      known.add(w.id());
      if (live.contains(w.id()) && w.phase() == Phase.RUNNING) {
        continue; // still running (a runtime whose workspaces outlive the server)
      }
      if (live.contains(w.id())) {
        runtime.stop(w.id()); // its start or stop was driven by the previous server process
      }
      boolean midStart = w.phase() != Phase.RUNNING && w.phase() != Phase.STOPPING;
      Condition why =
          Condition.of(
              "serverRestarted",
              midStart
                  ? "The server restarted while the workspace was starting; start it again."
                  : "The server restarted and the workspace's processes had ended; start it again.");
      lifecycle.force(w.id(), midStart ? Phase.FAILED : Phase.STOPPED, List.of(why));
      corrected++;
    }
    for (String id : live) {
      if (!known.contains(id)) {
        log.info("Stopping workspace {}: live in the runtime but not active in the database", id);
        runtime.stop(id);
      }
    }
    if (corrected > 0) {
      log.info("Reconciled {} workspace(s) left active by the previous server process", corrected);
    }
  }

  @Override
  public void start() {
    running = true;
  }

  /** Stops every active workspace and records it as STOPPED. */
  @Override
  public void stop() {
    running = false;
    List<WorkspaceRecord> active = repository.findByPhases(LIVE_PHASES);
    if (active.isEmpty()) {
      return;
    }
    log.info("Stopping {} workspace(s) for server shutdown", active.size());
    Condition why =
        Condition.of(
            "serverShutdown", "The server shut down; start the workspace again to continue.");
    List<CompletableFuture<Void>> stops = new ArrayList<>();
    for (WorkspaceRecord w : active) {
      stops.add(lifecycle.stopForShutdown(w.id(), why));
    }
    try {
      CompletableFuture.allOf(stops.toArray(CompletableFuture[]::new))
          .get(properties.stopTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      log.warn("Not every workspace stopped within {}: {}", properties.stopTimeout(), e.toString());
    }
    for (WorkspaceRecord w : active) {
      lifecycle.force(w.id(), Phase.STOPPED, List.of(why));
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  /** Runs after the web server stopped (phase {@code MAX_VALUE - 2048}), before beans close. */
  @Override
  public int getPhase() {
    return 0;
  }
}
