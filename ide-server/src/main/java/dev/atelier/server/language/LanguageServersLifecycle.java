package dev.atelier.server.language;

import dev.atelier.gateway.LanguageGateway;
import dev.atelier.runtime.spi.Phase;
import dev.atelier.server.events.EventBus;
import dev.atelier.server.events.WorkspaceDeletedEvent;
import dev.atelier.server.events.WorkspaceStatusEvent;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Stops a workspace's language servers when the workspace stops, fails or is deleted, as recorded
 * by the server (the gateway also follows the runtime's own events; stopping twice is harmless).
 * Their diagnostics are withdrawn with them, which clears the workspace's {@code lsp:*} problems.
 */
@Component
class LanguageServersLifecycle implements DisposableBean {

  private final AutoCloseable statuses;
  private final AutoCloseable deletions;

  LanguageServersLifecycle(LanguageGateway gateway, EventBus bus) {
    this.statuses =
        bus.subscribe(
            WorkspaceStatusEvent.class,
            e -> {
              if (e.phase() == Phase.STOPPING
                  || e.phase() == Phase.STOPPED
                  || e.phase() == Phase.FAILED) {
                gateway.workspaceStopped(e.workspaceId());
              }
            });
    this.deletions =
        bus.subscribe(WorkspaceDeletedEvent.class, e -> gateway.workspaceStopped(e.workspaceId()));
  }

  @Override
  public void destroy() throws Exception {
    statuses.close();
    deletions.close();
  }
}
