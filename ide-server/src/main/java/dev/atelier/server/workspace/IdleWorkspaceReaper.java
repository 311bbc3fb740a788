package dev.atelier.server.workspace;

import dev.atelier.runtime.spi.Condition;
import dev.atelier.runtime.spi.Phase;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;

/**
 * Stops running workspaces that have been idle for {@code atelier.workspace.idle-timeout}: no
 * connected client, no running task, no activity (see {@link WorkspaceActivity}). They end up
 * STOPPED with the condition {@code idleTimeout}; their content is kept.
 */
@Component
class IdleWorkspaceReaper implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(IdleWorkspaceReaper.class);

  private final WorkspaceRepository repository;
  private final WorkspaceService service;
  private final WorkspaceActivity activity;
  private final WorkspaceProperties properties;
  private final TaskScheduler scheduler;
  private volatile ScheduledFuture<?> task;

  IdleWorkspaceReaper(
      WorkspaceRepository repository,
      WorkspaceService service,
      WorkspaceActivity activity,
      WorkspaceProperties properties,
      TaskScheduler scheduler) {
    this.repository = repository;
    this.service = service;
    this.activity = activity;
    this.properties = properties;
    this.scheduler = scheduler;
  }

  /** One pass: stops every running workspace that is idle now. */
  void stopIdleWorkspaces() {
    if (properties.idleTimeout().isZero()) {
      return;
    }
    for (WorkspaceRecord w : repository.findByPhases(List.of(Phase.RUNNING))) {
      if (activity.isIdle(w.id(), properties.idleTimeout())) {
        log.info("Stopping workspace {}: idle for {}", w.id(), properties.idleTimeout());
        try {
          service.stopBecause(
              w.id(),
              Condition.of(
                  "idleTimeout",
                  "Stopped after "
                      + properties
                          .idleTimeout()
                          .toString()
                          .substring(2)
                          .toLowerCase(java.util.Locale.ROOT)
                      + " without a connected client or running task; start it again to continue."));
        } catch (RuntimeException e) {
          log.warn("Could not stop idle workspace {}", w.id(), e);
        }
      }
    }
  }

  @Override
  public void start() {
    if (properties.idleTimeout().isZero()) {
      log.info("Idle timeout disabled (atelier.workspace.idle-timeout=0)");
      return;
    }
    task =
        scheduler.scheduleWithFixedDelay(
            () -> {
              try {
                stopIdleWorkspaces();
              } catch (RuntimeException e) {
                log.warn("Idle workspace check failed", e);
              }
            },
            properties.idleCheckInterval());
  }

  @Override
  public void stop() {
    ScheduledFuture<?> current = task;
    if (current != null) {
      current.cancel(false);
      task = null;
    }
  }

  @Override
  public boolean isRunning() {
    return task != null;
  }
}
