package dev.atelier.server.ui.workbench;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.UI;
import dev.atelier.server.account.AtelierPrincipal;
import dev.atelier.server.workspace.Workspace;
import dev.atelier.server.workspace.WorkspaceRole;

/**
 * What the workbench page offers the panels it hosts (explorer, terminal, build log, problems,
 * ports, search, presence): who is looking at which workspace, opening files in the editor area,
 * contributing commands to the command palette, revealing panels. Panels receive it in their
 * constructor and never reach into each other; extensions reach it through {@code
 * WorkbenchContext.host(Workbench.class)}.
 */
public interface Workbench {

  /** The workspace this page shows. */
  Workspace workspace();

  /** The signed-in user of this page. */
  AtelierPrincipal user();

  /** The user's role in the workspace (panels hide or disable what the role does not allow). */
  WorkspaceRole role();

  /** The page's UI, for {@code access(...)} from background threads (push is enabled). */
  UI ui();

  /**
   * Opens {@code path} in an editor tab (or focuses its tab) and, when {@code line > 0}, puts the
   * cursor at {@code line}:{@code column} (1-based; column 0 = start of line) and scrolls to it.
   */
  void openFile(String path, int line, int column);

  /**
   * Adds a command to the palette (and binds its shortcut, if it has one, while the page is open).
   */
  void registerCommand(WorkbenchCommand command);

  /** Reveals the side panel {@code id}; throws {@link IllegalArgumentException} when absent. */
  void showSidePanel(String id);

  /** Reveals the bottom panel {@code id}; throws {@link IllegalArgumentException} when absent. */
  void showBottomPanel(String id);

  /** Adds a component to the start of the status bar (after the problem counts). */
  void addStatusItem(Component item);

  /**
   * Adds an invisible or floating component to the page itself, so that it lives as long as the
   * page (the presence connection), whichever panel is shown.
   */
  void addToPage(Component component);

  /** The path of the active tab, or {@code null}. */
  String activeFile();

  /** Calls {@code listener} with the active tab's path (or {@code null}) whenever it changes. */
  void addActiveFileListener(java.util.function.Consumer<String> listener);

  /**
   * Makes the editor of {@code path} follow {@code userId}'s cursor (or stop: {@code null}); the
   * presence panel opens the followed user's file first.
   */
  void followUser(String path, String userId);

  /** Calls {@code listener} when an editor stops following someone (the user typed or scrolled). */
  void addFollowStoppedListener(Runnable listener);
}
