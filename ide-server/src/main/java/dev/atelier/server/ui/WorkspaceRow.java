package dev.atelier.server.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import dev.atelier.runtime.spi.Condition;
import dev.atelier.runtime.spi.Phase;
import dev.atelier.server.ui.workbench.WorkbenchView;
import dev.atelier.server.workspace.Workspace;
import java.util.List;

/** One workspace on the dashboard: its details, live status and lifecycle buttons. */
class WorkspaceRow extends Div {

  /** What the buttons of a row do; implemented by the dashboard. */
  interface Actions {
    void start(Workspace workspace);

    void stop(Workspace workspace);

    void delete(Workspace workspace);

    /** Opens the owner's sharing controls. */
    void share(Workspace workspace);
  }

  private final Span lastUsed = new Span();
  private final WorkspaceStatus status;
  private final Button start;
  private final Button stop;
  private final TimeFormat time;
  private Workspace workspace;

  WorkspaceRow(Workspace workspace, String stackName, TimeFormat time, Actions actions) {
    this.workspace = workspace;
    this.time = time;
    addClassName("atelier-ws-row");
    getElement().setAttribute("role", "row");
    getElement().setAttribute("data-workspace-id", workspace.id());

    Anchor name = new Anchor(WorkbenchView.path(workspace.id()), workspace.name());
    // Client-side navigation, as a RouterLink would do, without needing the router to build it.
    name.getElement().setAttribute("router-link", true);
    name.addClassName("atelier-ws-name");
    name.getElement().setAttribute("data-testid", "name");

    Span stack = new Span(stackName);
    stack.getElement().setAttribute("data-testid", "stack");
    Span repository = repository(workspace.repository());
    status = new WorkspaceStatus(workspace.phase(), workspace.conditions());
    lastUsed.getElement().setAttribute("data-testid", "last-used");

    Button open = button("Open", VaadinIcon.EXTERNAL_LINK, "open");
    open.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
    open.addClickListener(
        event -> getUI().ifPresent(ui -> ui.navigate(WorkbenchView.path(this.workspace.id()))));
    start = button("Start", VaadinIcon.PLAY, "start");
    start.addClickListener(event -> actions.start(this.workspace));
    stop = button("Stop", VaadinIcon.STOP, "stop");
    stop.addClickListener(event -> actions.stop(this.workspace));
    Button delete = button("Delete", VaadinIcon.TRASH, "delete");
    delete.addThemeVariants(ButtonVariant.LUMO_ERROR);
    delete.addClickListener(event -> actions.delete(this.workspace));
    Button share = button("Share", VaadinIcon.CONNECT, "share");
    share.addClickListener(event -> actions.share(this.workspace));
    Div buttons = new Div(open, share, start, stop, delete);
    buttons.addClassName("atelier-ws-actions");

    add(
        cell("Name", name),
        cell("Stack", stack),
        cell("Repository", repository),
        cell("Status", status),
        cell("Last used", lastUsed),
        cell("Actions", buttons));
    update(workspace);
  }

  Workspace workspace() {
    return workspace;
  }

  /** Shows a fresh copy of the workspace (after a reload or an action). */
  final void update(Workspace fresh) {
    this.workspace = fresh;
    lastUsed.setText(time.relative(fresh.lastUsedAt()));
    lastUsed.getElement().setAttribute("title", time.absolute(fresh.lastUsedAt()));
    showStatus(fresh.phase(), fresh.conditions());
  }

  /** Applies a status event without a round trip to the database. */
  void applyStatus(Phase phase, List<Condition> conditions) {
    workspace =
        new Workspace(
            workspace.id(),
            workspace.ownerId(),
            workspace.name(),
            workspace.stackId(),
            workspace.repository(),
            phase,
            conditions,
            workspace.createdAt(),
            workspace.lastUsedAt());
    showStatus(phase, conditions);
  }

  private void showStatus(Phase phase, List<Condition> conditions) {
    status.show(phase, conditions);
    getElement().setAttribute("data-phase", phase.name());
    start.setEnabled(phase == Phase.STOPPED || phase == Phase.FAILED);
    stop.setEnabled(phase.isActive());
  }

  private static Span repository(String url) {
    Span repository = new Span(url == null || url.isBlank() ? "—" : shorten(url));
    repository.addClassName("atelier-ws-repository");
    repository.getElement().setAttribute("data-testid", "repository");
    if (url != null) {
      repository.getElement().setAttribute("title", url);
    }
    return repository;
  }

  /** {@code https://github.com/owner/repo.git} reads as {@code github.com/owner/repo}. */
  static String shorten(String url) {
    String text = url.replaceFirst("^[a-z]+://", "");
    return text.endsWith(".git") ? text.substring(0, text.length() - 4) : text;
  }

  private static Div cell(String label, com.vaadin.flow.component.Component content) {
    Div cell = new Div(content);
    cell.addClassName("atelier-ws-cell");
    cell.getElement().setAttribute("role", "cell");
    cell.getElement().setAttribute("data-label", label);
    return cell;
  }

  private static Button button(String text, VaadinIcon icon, String action) {
    Button button = new Button(text, icon.create());
    button.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_TERTIARY);
    button.getElement().setAttribute("data-action", action);
    return button;
  }
}
