package dev.atelier.server.extensions;

import dev.atelier.extensions.WorkspaceLifecycleListener;
import dev.atelier.extensions.host.Extensions;
import dev.atelier.runtime.spi.Phase;
import dev.atelier.server.events.EventBus;
import dev.atelier.server.events.WorkspaceStatusEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Tells the contributed {@link WorkspaceLifecycleListener}s about workspace transitions: RUNNING →
 * {@code started}, STOPPING → {@code stopping}, STOPPED or FAILED → {@code stopped}. Each listener
 * has its own event-bus subscription, so a slow one only delays itself; one that throws is logged.
 */
@Component
class WorkspaceLifecycleDispatcher implements DisposableBean {

  private static final Logger log = LoggerFactory.getLogger(WorkspaceLifecycleDispatcher.class);

  private final List<AutoCloseable> subscriptions = new ArrayList<>();

  WorkspaceLifecycleDispatcher(Extensions extensions, EventBus events) {
    for (WorkspaceLifecycleListener listener : extensions.contributions().lifecycleListeners()) {
      subscriptions.add(
          events.subscribe(WorkspaceStatusEvent.class, event -> dispatch(listener, event)));
    }
  }

  private static void dispatch(WorkspaceLifecycleListener listener, WorkspaceStatusEvent event) {
    BiConsumer<WorkspaceLifecycleListener, String> call =
        event.phase() == Phase.RUNNING
            ? WorkspaceLifecycleListener::started
            : event.phase() == Phase.STOPPING
                ? WorkspaceLifecycleListener::stopping
                : event.phase() == Phase.STOPPED || event.phase() == Phase.FAILED
                    ? WorkspaceLifecycleListener::stopped
                    : null;
    if (call == null) {
      return;
    }
    try {
      call.accept(listener, event.workspaceId());
    } catch (RuntimeException | LinkageError e) {
      log.warn(
          "Workspace lifecycle listener {} failed on {} of {}",
          listener.getClass().getName(),
          event.phase(),
          event.workspaceId(),
          e);
    }
  }

  @Override
  public void destroy() {
    for (AutoCloseable subscription : subscriptions) {
      try {
        subscription.close();
      } catch (Exception e) {
        log.debug("Could not unsubscribe a lifecycle listener", e);
      }
    }
  }
}
