package dev.atelier.server.ui.workbench;

import com.vaadin.flow.component.UI;
import dev.atelier.server.account.AtelierPrincipal;
import dev.atelier.server.workspace.Workspace;
import dev.atelier.server.workspace.WorkspaceRole;

/**
 * What the workbench page offers the panels it hosts (explorer, terminal, build log, problems,
 * ports, search, presence): who is looking at which workspace, opening files in the editor area,
 * and contributing commands to the command palette. Panels receive it in their constructor and
 * never reach into each other.
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
}
