package dev.atelier.server.ui.workbench;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.UIDetachedException;
import dev.atelier.runtime.spi.Phase;
import dev.atelier.server.account.AccountService;
import dev.atelier.server.error.AtelierException;
import dev.atelier.server.events.EventBus;
import dev.atelier.server.events.WorkspaceResourcesEvent;
import dev.atelier.server.events.WorkspaceStatusEvent;
import dev.atelier.server.workspace.WorkspaceResources;
import dev.atelier.server.workspace.WorkspaceService;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Puts the workspace's resource limits into the status bar, kept current while the page is open:
 * each finished start shows its limits (and what the server clamped), a stop hides them.
 */
@Component
@Order(70)
class ResourceLimitsContribution implements WorkbenchContribution {

  private static final Logger log = LoggerFactory.getLogger(ResourceLimitsContribution.class);

  private final WorkspaceService workspaces;
  private final AccountService accounts;
  private final EventBus events;

  ResourceLimitsContribution(
      WorkspaceService workspaces, AccountService accounts, EventBus events) {
    this.workspaces = workspaces;
    this.accounts = accounts;
    this.events = events;
  }

  @Override
  public void contribute(Workbench workbench) {
    String id = workbench.workspace().id();
    ResourceLimitsItem item = new ResourceLimitsItem();
    if (workbench.workspace().phase() == Phase.RUNNING) {
      accounts
          .findById(workbench.user().userId())
          .ifPresent(
              user -> {
                try {
                  item.show(workspaces.resources(user, id));
                } catch (AtelierException e) {
                  // Started before this server did: nothing known until the next start.
                  log.debug("No resource limits known for {}: {}", id, e.getMessage());
                }
              });
    }
    List<AutoCloseable> subscriptions = new ArrayList<>();
    item.addAttachListener(
        attach -> {
          UI ui = attach.getUI();
          subscriptions.add(
              events.subscribe(
                  WorkspaceResourcesEvent.class,
                  e -> {
                    if (id.equals(e.workspaceId())) {
                      access(ui, () -> item.show(WorkspaceResources.of(e.resources())));
                    }
                  }));
          subscriptions.add(
              events.subscribe(
                  WorkspaceStatusEvent.class,
                  e -> {
                    if (id.equals(e.workspaceId()) && !e.phase().isActive()) {
                      access(ui, () -> item.show(null));
                    }
                  }));
        });
    item.addDetachListener(
        detach -> {
          for (AutoCloseable subscription : subscriptions) {
            try {
              subscription.close();
            } catch (Exception e) {
              log.debug("Could not unsubscribe the limits item", e);
            }
          }
          subscriptions.clear();
        });
    workbench.addStatusItem(item);
  }

  private static void access(UI ui, com.vaadin.flow.server.Command command) {
    try {
      ui.access(command);
    } catch (UIDetachedException e) {
      log.debug("Dropped a limits update for a detached workbench page");
    }
  }
}
