package dev.atelier.server.ui.workbench;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.UIDetachedException;
import com.vaadin.flow.server.Command;
import dev.atelier.documents.CollabDocuments;
import dev.atelier.runtime.spi.Phase;
import dev.atelier.runtime.spi.WorkspaceRuntime;
import dev.atelier.runtime.spi.WorkspaceRuntimeException;
import dev.atelier.server.events.EventBus;
import dev.atelier.server.events.FileDeletedEvent;
import dev.atelier.server.events.FileMovedEvent;
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
 * counts, dirty markers, moved and deleted files, the git branch, deletion of the workspace; and
 * the "a client is connected" count that keeps the idle reaper away.
 */
final class WorkbenchLiveState {

  private static final Logger log = LoggerFactory.getLogger(WorkbenchLiveState.class);
  private static final String GIT_HEAD = ".git/HEAD";

  private final WorkbenchView view;
  private final UI ui;
  private final EventBus events;
  private final WorkspaceProblems problems;
  private final CollabDocuments documents;
  private final WorkspaceRuntime runtime;
  private final WorkspaceActivity activity;
  private final StatusBar status;
  private final WorkbenchHeader header;
  private final String workspaceId;
  private final List<AutoCloseable> subscriptions = new ArrayList<>();

  WorkbenchLiveState(
      WorkbenchView view,
      UI ui,
      WorkbenchServices services,
      StatusBar status,
      WorkbenchHeader header) {
    this.view = view;
    this.ui = ui;
    this.events = services.events();
    this.problems = services.problems();
    this.documents = services.documents();
    this.runtime = services.runtime();
    this.activity = services.activity();
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
        documents.subscribe(
            workspaceId, (path, dirty) -> access(() -> view.setDirty(path, dirty))));
    subscriptions.add(
        events.subscribe(
            FileMovedEvent.class,
            event -> {
              if (workspaceId.equals(event.workspaceId())) {
                access(() -> view.fileMoved(event.from(), event.to(), event.directory()));
              }
            }));
    subscriptions.add(
        events.subscribe(
            FileDeletedEvent.class,
            event -> {
              if (workspaceId.equals(event.workspaceId())) {
                access(() -> view.fileDeleted(event.path(), event.directory()));
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
    documents.dirtyPaths(workspaceId).forEach(path -> view.setDirty(path, true));
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
