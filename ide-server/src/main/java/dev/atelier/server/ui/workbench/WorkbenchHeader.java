package dev.atelier.server.ui.workbench;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import dev.atelier.runtime.spi.Phase;
import dev.atelier.server.account.UserAccount;
import dev.atelier.server.error.AtelierException;
import dev.atelier.server.events.WorkspaceStatusEvent;
import dev.atelier.server.ui.WorkspaceStatus;
import dev.atelier.server.workspace.Workspace;
import dev.atelier.server.workspace.WorkspaceRole;
import dev.atelier.server.workspace.WorkspaceService;
import dev.atelier.ui.editor.CodeEditor;
import java.util.function.Supplier;

/**
 * The workbench's top line: back to the dashboard, the workspace's name and live phase, start and
 * stop (owners), the command palette and the theme switch.
 */
final class WorkbenchHeader extends Div {

  private final WorkbenchView view;
  private final WorkspaceService workspaces;
  private final UserAccount account;
  private final WorkspaceStatus status;
  private final Button start = new Button(VaadinIcon.PLAY.create());
  private final Button stop = new Button(VaadinIcon.STOP.create());
  private final Button themeToggle = new Button();

  WorkbenchHeader(
      WorkbenchView view,
      WorkspaceService workspaces,
      UserAccount account,
      CodeEditor.Theme theme) {
    this.view = view;
    this.workspaces = workspaces;
    this.account = account;
    Workspace workspace = view.workspace();
    setId("workbench-header");
    addClassName("atelier-wb-header");

    Anchor back = new Anchor("", new Span("A"));
    back.addClassName("atelier-brand-mark");
    back.setId("workbench-back");
    back.getElement().setAttribute("title", "Back to your workspaces");
    H1 title = new H1(workspace.name());
    title.setId("workspace-title");
    title.addClassName("atelier-wb-title");
    status = new WorkspaceStatus(workspace.phase(), workspace.conditions());
    status.setId("workspace-status");

    Div spacer = new Div();
    spacer.addClassName("atelier-wb-spacer");

    start.setId("workspace-start");
    start.setTooltipText("Start the workspace");
    start.addClickListener(event -> startWorkspace());
    stop.setId("workspace-stop");
    stop.setTooltipText("Stop the workspace");
    stop.addClickListener(event -> stopWorkspace());
    boolean owner = view.role() == WorkspaceRole.OWNER;
    start.setVisible(owner);
    stop.setVisible(owner);

    Button commands = new Button(VaadinIcon.SEARCH.create());
    commands.setId("open-command-palette");
    commands.setTooltipText("Commands (Ctrl+Shift+P)");
    commands.addClickListener(event -> view.showCommandPalette());

    themeToggle.setId("theme-toggle");
    themeToggle.addClickListener(event -> view.toggleTheme());
    for (Button b : new Button[] {start, stop, commands, themeToggle}) {
      b.addThemeVariants(
          ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_ICON, ButtonVariant.LUMO_SMALL);
    }
    add(back, title, status, spacer, start, stop, commands, themeToggle);
    showTheme(theme);
    showPhase(workspace.phase());
  }

  void showTheme(CodeEditor.Theme theme) {
    boolean dark = theme == CodeEditor.Theme.DARK;
    themeToggle.setIcon((dark ? VaadinIcon.SUN_O : VaadinIcon.MOON_O).create());
    themeToggle.setTooltipText(dark ? "Switch to the light theme" : "Switch to the dark theme");
    themeToggle.getElement().setAttribute("data-theme", dark ? "dark" : "light");
  }

  void applyStatus(WorkspaceStatusEvent event) {
    status.show(event.phase(), event.conditions());
    showPhase(event.phase());
  }

  void startWorkspace() {
    run(() -> workspaces.start(account, view.workspace().id()));
  }

  void stopWorkspace() {
    run(() -> workspaces.stop(account, view.workspace().id()));
  }

  private void showPhase(Phase phase) {
    start.setEnabled(phase == Phase.STOPPED || phase == Phase.FAILED);
    stop.setEnabled(phase.isActive());
  }

  private void run(Supplier<Workspace> action) {
    try {
      Workspace w = action.get();
      status.show(w.phase(), w.conditions());
      showPhase(w.phase());
    } catch (AtelierException e) {
      WorkbenchNotices.error(e.getMessage());
    }
  }
}
