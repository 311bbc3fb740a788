package dev.atelier.server.ui.workbench;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.UIDetachedException;
import com.vaadin.flow.server.Command;
import dev.atelier.runtime.spi.Phase;
import dev.atelier.runtime.spi.WorkspaceRuntime;
import dev.atelier.runtime.spi.WorkspaceRuntimeException;
import dev.atelier.server.events.AccessRevokedEvent;
import dev.atelier.server.events.DocumentStateEvent;
import dev.atelier.server.events.EventBus;
import dev.atelier.server.events.WorkspaceDeletedEvent;
import dev.atelier.server.events.WorkspaceStatusEvent;
import dev.atelier.server.problems.WorkspaceProblems;
import dev.atelier.server.workspace.WorkspaceActivity;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What keeps an open workbench page current while it is attached: the workspace's phase, problem
 * counts, dirty markers, the git branch, revocation and deletion; and the "a client is connected"
 * count that keeps the idle reaper away.
 */
final class WorkbenchLiveState {

  private static final Logger log = LoggerFactory.getLogger(WorkbenchLiveState.class);
  private static final String GIT_HEAD = ".git/HEAD";

  private final WorkbenchView view;
  private final UI ui;
  private final EventBus events;
  private final WorkspaceProblems problems;
  private final WorkspaceRuntime runtime;
  private final WorkspaceActivity activity;
  private final StatusBar status;
  private final WorkbenchHeader header;
  private final String workspaceId;
  private final List<AutoCloseable> subscriptions = new ArrayList<>();

  WorkbenchLiveState(
      WorkbenchView view,
      UI ui,
      EventBus events,
      WorkspaceProblems problems,
      WorkspaceRuntime runtime,
      WorkspaceActivity activity,
      StatusBar status,
      WorkbenchHeader header) {
    this.view = view;
    this.ui = ui;
    this.events = events;
    this.problems = problems;
    this.runtime = runtime;
    this.activity = activity;
    this.status = status;
    this.header = header;
    this.workspaceId = view.workspace().id();
  }

  void start() {
    activity.clientConnected(workspaceId);
    subscriptions.add(
        events.subscribe(
            WorkspaceStatusEvent.class,
            event -> {
              if (workspaceId.equals(event.workspaceId())) {
                access(
                    () -> {
                      header.applyStatus(event);
                      status.showPhase(event.phase());
                      if (event.phase() == Phase.RUNNING) {
                        refreshBranch();
                      }
                    });
              }
            }));
    subscriptions.add(
        events.subscribe(
            DocumentStateEvent.class,
            event -> {
              if (workspaceId.equals(event.workspaceId())) {
                access(() -> view.setDirty(event.path(), event.dirty()));
              }
            }));
    subscriptions.add(
        events.subscribe(
            AccessRevokedEvent.class,
            event -> {
              if (workspaceId.equals(event.workspaceId())
                  && view.user().userId().equals(event.userId())) {
                access(view::accessRevoked);
              }
            }));
    subscriptions.add(
        events.subscribe(
            WorkspaceDeletedEvent.class,
            event -> {
              if (workspaceId.equals(event.workspaceId())) {
                access(view::workspaceDeleted);
              }
            }));
    subscriptions.add(
        problems.subscribe(workspaceId, list -> access(() -> status.showProblems(list))));
    status.showProblems(problems.list(workspaceId));
    refreshBranch();
  }

  void stop() {
    for (AutoCloseable subscription : subscriptions) {
      try {
        subscription.close();
      } catch (Exception e) {
        log.warn("Could not unsubscribe a workbench page", e);
      }
    }
    subscriptions.clear();
    activity.clientDisconnected(workspaceId);
  }

  /** Re-reads {@code .git/HEAD}: the branch shows only when the workspace is a repository. */
  void refreshBranch() {
    String branch = null;
    try {
      var files = runtime.files(workspaceId);
      if (files.stat(GIT_HEAD).isPresent()) {
        branch = GitBranch.fromHead(files.read(GIT_HEAD)).orElse(null);
      }
    } catch (WorkspaceRuntimeException e) {
      // No files yet (still creating) or the runtime is away: no branch to show.
      log.debug("No git branch for {}: {}", workspaceId, e.getMessage());
    }
    status.showBranch(branch);
  }

  private void access(Command command) {
    try {
      ui.access(command);
    } catch (UIDetachedException e) {
      // The page is gone; its subscriptions close on detach.
      log.debug("Dropped an event for a detached workbench page");
    }
  }
}
