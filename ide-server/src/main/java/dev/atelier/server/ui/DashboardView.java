package dev.atelier.server.ui;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.UIDetachedException;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.atelier.server.account.AccountService;
import dev.atelier.server.account.UserAccount;
import dev.atelier.server.error.AtelierException;
import dev.atelier.server.events.EventBus;
import dev.atelier.server.events.WorkspaceDeletedEvent;
import dev.atelier.server.events.WorkspaceStatusEvent;
import dev.atelier.server.sharing.SharingService;
import dev.atelier.server.ui.workbench.ShareDialog;
import dev.atelier.server.workspace.Workspace;
import dev.atelier.server.workspace.WorkspaceService;
import dev.atelier.stacks.Stack;
import dev.atelier.stacks.StackCatalog;
import jakarta.annotation.security.PermitAll;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The workspace list. Each open dashboard subscribes to its user's status events while attached and
 * applies them through {@code UI.access}, so phases change on screen without a reload.
 */
@Route(value = "", layout = MainLayout.class)
@PageTitle("Workspaces · Atelier")
@PermitAll
public class DashboardView extends Div implements WorkspaceRow.Actions {

  private static final Logger log = LoggerFactory.getLogger(DashboardView.class);

  private final WorkspaceService workspaces;
  private final StackCatalog stacks;
  private final EventBus events;
  private final SharingService sharing;
  private final SharedWithMe shared = new SharedWithMe();
  private final UserAccount user;
  private final TimeFormat time = TimeFormat.system();
  private final Map<String, WorkspaceRow> rows = new LinkedHashMap<>();
  private final Div table = new Div();
  private final Div body = new Div();
  private final Div empty;
  private final List<AutoCloseable> subscriptions = new ArrayList<>();

  public DashboardView(
      AccountService accounts,
      WorkspaceService workspaces,
      StackCatalog stacks,
      EventBus events,
      SharingService sharing) {
    this.workspaces = workspaces;
    this.sharing = sharing;
    this.stacks = stacks;
    this.events = events;
    this.user = accounts.currentUser();
    addClassName("atelier-page");
    setId("dashboard");

    Button create = new Button("New workspace", VaadinIcon.PLUS.create());
    create.setId("new-workspace");
    create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
    create.addClickListener(event -> newWorkspaceDialog().open());
    H2 title = new H2("Workspaces");
    Paragraph subtitle =
        new Paragraph("Sandboxed development environments built from a stack, one per task.");
    subtitle.addClassName("atelier-subtitle");
    Div heading = new Div(title, subtitle);
    Div header = new Div(heading, create);
    header.addClassName("atelier-page-header");

    table.setId("workspaces");
    table.addClassName("atelier-ws-table");
    table.getElement().setAttribute("role", "table");
    body.getElement().setAttribute("role", "rowgroup");
    table.add(headerRow(), body);

    empty = emptyState();
    add(header, table, empty, shared);
  }

  @Override
  protected void onAttach(AttachEvent attachEvent) {
    super.onAttach(attachEvent);
    UI ui = attachEvent.getUI();
    // Subscribe before loading, so no transition falls between the snapshot and the first event.
    subscriptions.add(
        events.subscribe(
            WorkspaceStatusEvent.class,
            event -> {
              if (user.id().equals(event.ownerId())) {
                access(ui, () -> applyStatus(event));
              }
            }));
    subscriptions.add(
        events.subscribe(
            WorkspaceDeletedEvent.class,
            event -> {
              if (user.id().equals(event.ownerId())) {
                access(ui, () -> removeRow(event.workspaceId()));
              }
            }));
    reload();
    openContextUrl(ui);
  }

  @Override
  protected void onDetach(DetachEvent detachEvent) {
    for (AutoCloseable subscription : subscriptions) {
      try {
        subscription.close();
      } catch (Exception e) {
        log.warn("Could not unsubscribe a dashboard from workspace events", e);
      }
    }
    subscriptions.clear();
    super.onDetach(detachEvent);
  }

  @Override
  public void start(Workspace workspace) {
    run(() -> workspaces.start(user, workspace.id()));
  }

  @Override
  public void stop(Workspace workspace) {
    run(() -> workspaces.stop(user, workspace.id()));
  }

  @Override
  public void delete(Workspace workspace) {
    ConfirmDialog confirm = new ConfirmDialog();
    confirm.setId("confirm-delete");
    confirm.setHeader("Delete " + workspace.name() + "?");
    confirm.setText("Its processes are stopped and its files are removed. This cannot be undone.");
    confirm.setCancelable(true);
    Button remove = new Button("Delete");
    remove.setId("confirm-delete-button");
    remove.addThemeVariants(ButtonVariant.LUMO_PRIMARY, ButtonVariant.LUMO_ERROR);
    confirm.setConfirmButton(remove);
    confirm.addConfirmListener(
        event -> {
          try {
            workspaces.delete(user, workspace.id());
            removeRow(workspace.id());
            Notifications.success("Deleted " + workspace.name());
          } catch (AtelierException e) {
            Notifications.error(e.getMessage());
          }
        });
    confirm.open();
  }

  @Override
  public void share(Workspace workspace) {
    new ShareDialog(sharing, user, workspace.id(), workspace.name()).open();
  }

  NewWorkspaceDialog newWorkspaceDialog() {
    return new NewWorkspaceDialog(workspaces, stacks.all(), user, this::added);
  }

  private void added(Workspace workspace) {
    if (!rows.containsKey(workspace.id())) {
      WorkspaceRow row = row(workspace);
      body.addComponentAsFirst(row);
      rows.put(workspace.id(), row);
    }
    showEmptyState();
    Notifications.success("Created " + workspace.name());
  }

  private void run(Supplier<Workspace> action) {
    try {
      Workspace updated = action.get();
      WorkspaceRow row = rows.get(updated.id());
      if (row != null) {
        row.update(updated);
      }
    } catch (AtelierException e) {
      Notifications.error(e.getMessage());
    }
  }

  private void reload() {
    List<Workspace> list = workspaces.list(user);
    body.removeAll();
    rows.clear();
    for (Workspace workspace : list) {
      WorkspaceRow row = row(workspace);
      rows.put(workspace.id(), row);
      body.add(row);
    }
    showEmptyState();
    shared.show(sharing.sharedWith(user));
  }

  private void applyStatus(WorkspaceStatusEvent event) {
    WorkspaceRow row = rows.get(event.workspaceId());
    if (row == null) {
      // Created elsewhere (another tab, the REST API, a context URL): fetch the full record.
      reload();
      return;
    }
    row.applyStatus(event.phase(), event.conditions());
  }

  private void removeRow(String workspaceId) {
    WorkspaceRow row = rows.remove(workspaceId);
    if (row != null) {
      body.remove(row);
    }
    showEmptyState();
  }

  private WorkspaceRow row(Workspace workspace) {
    String stackName =
        stacks.find(workspace.stackId()).map(Stack::name).orElse(workspace.stackId());
    return new WorkspaceRow(workspace, stackName, time, this);
  }

  private void showEmptyState() {
    empty.setVisible(rows.isEmpty());
    table.setVisible(!rows.isEmpty());
  }

  /** Sends the user on to {@code /new?repository=…} when they arrived through a context URL. */
  private void openContextUrl(UI ui) {
    ui.getPage()
        .executeJs(
            "const stored = sessionStorage.getItem($0);"
                + " sessionStorage.removeItem($0);"
                + " const hash = location.hash && location.hash.startsWith('#/')"
                + "   ? location.hash : stored;"
                + " if (location.hash) { history.replaceState(null, '', location.pathname); }"
                + " return hash || '';",
            ContextUrl.STORAGE_KEY)
        .then(
            String.class,
            hash ->
                ContextUrl.repository(hash)
                    .ifPresent(
                        repo -> ui.getPage().setLocation(ContextUrl.newWorkspaceLocation(repo))));
  }

  private static Div headerRow() {
    Div header = new Div();
    header.addClassNames("atelier-ws-row", "atelier-ws-head");
    header.getElement().setAttribute("role", "row");
    for (String label : List.of("Name", "Stack", "Repository", "Status", "Last used", "")) {
      Span cell = new Span(label);
      cell.addClassName("atelier-ws-cell");
      cell.getElement().setAttribute("role", "columnheader");
      header.add(cell);
    }
    return header;
  }

  private Div emptyState() {
    Span icon = new Span();
    icon.add(VaadinIcon.LAPTOP.create());
    icon.addClassName("atelier-empty-icon");
    H2 title = new H2("No workspaces yet");
    Paragraph text =
        new Paragraph(
            "Create one from a stack, or open a repository directly with a link like"
                + " /#/https://github.com/owner/repo.");
    Button create = new Button("New workspace", event -> newWorkspaceDialog().open());
    create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
    Div state = new Div(icon, title, text, create);
    state.setId("empty-state");
    state.addClassName("atelier-empty");
    return state;
  }

  /** Runs {@code task} in the UI's session lock if the UI is still there. */
  private static void access(UI ui, Runnable task) {
    try {
      ui.access(task::run);
    } catch (UIDetachedException e) {
      // The browser left between the event and now; the subscription is closed on detach.
      log.debug("Dropped a workspace event for a detached dashboard");
    }
  }
}
