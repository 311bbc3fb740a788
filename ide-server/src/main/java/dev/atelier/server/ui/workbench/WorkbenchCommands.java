package dev.atelier.server.ui.workbench;

import dev.atelier.server.workspace.WorkspaceRole;

/** The commands every workbench page has, before panels add theirs. */
final class WorkbenchCommands {

  private WorkbenchCommands() {}

  static void registerBuiltIns(
      WorkbenchView view, EditorArea editors, PanelLayout panels, WorkbenchHeader header) {
    view.registerCommand(
        new WorkbenchCommand(
            "workbench.commands", "Show All Commands", "Ctrl+Shift+P", view::showCommandPalette));
    view.registerCommand(
        new WorkbenchCommand(
            "workbench.commands.f1", "Show All Commands (F1)", "F1", view::showCommandPalette));
    view.registerCommand(
        new WorkbenchCommand(
            "file.save",
            "File: Save",
            "Ctrl+S",
            () -> editors.active().ifPresent(tab -> view.requestSave(tab.path()))));
    view.registerCommand(
        new WorkbenchCommand(
            "view.closeEditor", "View: Close Editor", "Alt+W", editors::closeActive));
    // Browsers keep Ctrl+Shift+T for themselves in a normal tab; it works in an installed app
    // window, and the palette always has it.
    view.registerCommand(
        new WorkbenchCommand(
            "view.reopenClosedEditor",
            "View: Reopen Closed Editor",
            "Ctrl+Shift+T",
            () -> {
              if (editors.reopenClosed().isEmpty()) {
                WorkbenchNotices.info("No closed editor to reopen.");
              }
            }));
    view.registerCommand(
        new WorkbenchCommand(
            "view.nextEditor", "View: Next Editor", "Alt+PageDown", () -> editors.cycle(1)));
    view.registerCommand(
        new WorkbenchCommand(
            "view.previousEditor", "View: Previous Editor", "Alt+PageUp", () -> editors.cycle(-1)));
    view.registerCommand(
        new WorkbenchCommand(
            "view.toggleSideBar", "View: Toggle Side Bar", "Ctrl+B", panels::toggleSideArea));
    view.registerCommand(
        new WorkbenchCommand(
            "view.togglePanel", "View: Toggle Panel", "Ctrl+J", panels::toggleBottomArea));
    view.registerCommand(
        new WorkbenchCommand(
            "preferences.toggleTheme",
            "Preferences: Toggle Light/Dark Theme",
            null,
            view::toggleTheme));
    if (view.role() == WorkspaceRole.OWNER) {
      view.registerCommand(
          new WorkbenchCommand(
              "workspace.start", "Workspace: Start", null, header::startWorkspace));
      view.registerCommand(
          new WorkbenchCommand("workspace.stop", "Workspace: Stop", null, header::stopWorkspace));
    }
    view.registerCommand(
        new WorkbenchCommand(
            "workbench.dashboard",
            "Go to Workspaces (Dashboard)",
            null,
            () -> view.ui().navigate("")));
  }
}
