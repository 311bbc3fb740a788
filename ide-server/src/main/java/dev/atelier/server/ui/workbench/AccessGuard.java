package dev.atelier.server.ui.workbench;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.UIDetachedException;
import com.vaadin.flow.component.html.Div;
import dev.atelier.server.events.AccessRevokedEvent;
import dev.atelier.server.events.EventBus;
import dev.atelier.server.workspace.WorkspaceAccess;
import dev.atelier.server.workspace.WorkspaceRole;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An invisible part of a workspace page that ends the page when the user's access ends: on an
 * {@link AccessRevokedEvent} for this user and workspace it asks {@link WorkspaceAccess} again and
 * sends the browser to the "access ended" page when no role is left, or reloads the page when the
 * role changed (so every panel sees the new one). The workspace's sockets are closed by {@code
 * SocketRegistry}; this handles the Vaadin page itself, which is no socket of the workspace.
 */
public class AccessGuard extends Div {

  /** Route of the page shown after access ended. */
  public static final String ENDED_ROUTE = "access-ended";

  private static final Logger log = LoggerFactory.getLogger(AccessGuard.class);

  private final String workspaceId;
  private final String userId;
  private final WorkspaceRole role;
  private final WorkspaceAccess access;
  private final EventBus events;
  private AutoCloseable subscription;

  /**
   * @param role the role the page was built for
   */
  public AccessGuard(
      String workspaceId,
      String userId,
      WorkspaceRole role,
      WorkspaceAccess access,
      EventBus events) {
    this.workspaceId = workspaceId;
    this.userId = userId;
    this.role = role;
    this.access = access;
    this.events = events;
    setVisible(false);
    setId("access-guard");
  }

  @Override
  protected void onAttach(AttachEvent attachEvent) {
    super.onAttach(attachEvent);
    UI ui = attachEvent.getUI();
    subscription =
        events.subscribe(
            AccessRevokedEvent.class,
            e -> {
              if (workspaceId.equals(e.workspaceId())
                  && (e.userId() == null || userId.equals(e.userId()))) {
                recheck(ui);
              }
            });
  }

  @Override
  protected void onDetach(DetachEvent detachEvent) {
    if (subscription != null) {
      try {
        subscription.close();
      } catch (Exception e) {
        log.warn("Could not unsubscribe an access guard", e);
      }
      subscription = null;
    }
    super.onDetach(detachEvent);
  }

  private void recheck(UI ui) {
    Optional<WorkspaceRole> now = access.role(userId, workspaceId);
    if (now.isPresent() && now.get() == role) {
      return;
    }
    try {
      ui.access(
          () -> {
            if (now.isEmpty()) {
              ui.navigate(ENDED_ROUTE);
            } else {
              ui.getPage().reload();
            }
          });
    } catch (UIDetachedException e) {
      log.debug("Access changed for a page that is gone");
    }
  }
}
