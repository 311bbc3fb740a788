package dev.atelier.server.ui;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.UIDetachedException;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.Icon;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouterLink;
import dev.atelier.runtime.spi.Phase;
import dev.atelier.runtime.spi.WorkspaceFiles.FileEntry;
import dev.atelier.runtime.spi.WorkspaceRuntime;
import dev.atelier.runtime.spi.WorkspaceRuntimeException;
import dev.atelier.server.account.AccountService;
import dev.atelier.server.account.UserAccount;
import dev.atelier.server.error.AtelierException;
import dev.atelier.server.events.EventBus;
import dev.atelier.server.events.WorkspaceStatusEvent;
import dev.atelier.server.ui.workbench.AccessGuard;
import dev.atelier.server.workspace.Workspace;
import dev.atelier.server.workspace.WorkspaceAccess;
import dev.atelier.server.workspace.WorkspaceActivity;
import dev.atelier.server.workspace.WorkspaceRole;
import dev.atelier.server.workspace.WorkspaceService;
import jakarta.annotation.security.PermitAll;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One workspace: its status and its files. While this page is open the workspace counts as having a
 * connected client, so the idle timeout leaves it running. The workbench (editor, terminal, panels)
 * replaces the file list when it arrives.
 */
@Route(value = "workspaces/:id", layout = MainLayout.class)
@PermitAll
public class WorkspaceView extends Div implements BeforeEnterObserver, HasDynamicTitle {

  private static final Logger log = LoggerFactory.getLogger(WorkspaceView.class);

  private final WorkspaceService workspaces;
  private final WorkspaceRuntime runtime;
  private final WorkspaceActivity activity;
  private final EventBus events;
  private final WorkspaceAccess access;
  private final UserAccount user;
  private final TimeFormat time = TimeFormat.system();

  private final Grid<FileEntry> files = new Grid<>(FileEntry.class, false);
  private final Span path = new Span();
  private final Button up = new Button("Up", VaadinIcon.ARROW_UP.create());
  private final Paragraph filesMessage = new Paragraph();
  private Workspace workspace;
  private WorkspaceStatus status;
  private Button start;
  private Button stop;
  private String directory = "";
  private String connectedId;
  private AutoCloseable subscription;

  public WorkspaceView(
      AccountService accounts,
      WorkspaceService workspaces,
      WorkspaceRuntime runtime,
      WorkspaceActivity activity,
      EventBus events,
      WorkspaceAccess access) {
    this.access = access;
    this.workspaces = workspaces;
    this.runtime = runtime;
    this.activity = activity;
    this.events = events;
    this.user = accounts.currentUser();
    addClassName("atelier-page");
    setId("workspace");
  }

  @Override
  public void beforeEnter(BeforeEnterEvent event) {
    String id = event.getRouteParameters().get("id").orElse("");
    removeAll();
    try {
      workspace = workspaces.get(user, id);
    } catch (AtelierException e) {
      workspace = null;
      showMissing(e.getMessage());
      connect(null);
      return;
    }
    directory = "";
    build();
    connect(isAttached() ? workspace.id() : null);
  }

  @Override
  public String getPageTitle() {
    return (workspace == null ? "Workspace" : workspace.name()) + " · Atelier";
  }

  @Override
  protected void onAttach(AttachEvent attachEvent) {
    super.onAttach(attachEvent);
    UI ui = attachEvent.getUI();
    subscription =
        events.subscribe(
            WorkspaceStatusEvent.class,
            // applyStatus ignores other workspaces; collaborators see the owner's status too.
            event -> access(ui, () -> applyStatus(event)));
    connect(workspace == null ? null : workspace.id());
  }

  @Override
  protected void onDetach(DetachEvent detachEvent) {
    connect(null);
    if (subscription != null) {
      try {
        subscription.close();
      } catch (Exception e) {
        log.warn("Could not unsubscribe a workspace view from events", e);
      }
      subscription = null;
    }
    super.onDetach(detachEvent);
  }

  /** Registers this page as a client of {@code id} (or of none), releasing the previous one. */
  private void connect(String id) {
    if (connectedId != null && !connectedId.equals(id)) {
      activity.clientDisconnected(connectedId);
      connectedId = null;
    }
    if (id != null && !id.equals(connectedId)) {
      activity.clientConnected(id);
      connectedId = id;
    }
  }

  private void build() {
    RouterLink back = new RouterLink("Workspaces", DashboardView.class);
    back.addClassName("atelier-back");
    H2 title = new H2(workspace.name());
    title.setId("workspace-title");
    status = new WorkspaceStatus(workspace.phase(), workspace.conditions());
    status.setId("workspace-status");
    Div titleRow = new Div(title, status);
    titleRow.addClassName("atelier-title-row");
    Paragraph meta =
        new Paragraph(
            workspace.stackId()
                + (workspace.repository() == null ? "" : " · " + workspace.repository())
                + " · last used "
                + time.relative(workspace.lastUsedAt()));
    meta.addClassName("atelier-subtitle");

    start = new Button("Start", VaadinIcon.PLAY.create());
    start.setId("workspace-start");
    start.addClickListener(event -> run(() -> workspaces.start(user, workspace.id())));
    stop = new Button("Stop", VaadinIcon.STOP.create());
    stop.setId("workspace-stop");
    stop.addClickListener(event -> run(() -> workspaces.stop(user, workspace.id())));
    Div buttons = new Div(start, stop);
    buttons.addClassName("atelier-ws-actions");

    Div header = new Div(new Div(back, titleRow, meta), buttons);
    header.addClassName("atelier-page-header");

    add(header, fileSection());
    add(
        new AccessGuard(
            workspace.id(),
            user.id(),
            access.role(user.id(), workspace.id()).orElse(WorkspaceRole.READ),
            access,
            events));
    showPhase(workspace.phase());
    listFiles();
  }

  private Div fileSection() {
    H3 title = new H3("Files");
    path.setId("files-path");
    path.addClassName("atelier-path");
    up.setId("files-up");
    up.addThemeVariants(ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_SMALL);
    up.addClickListener(event -> open(parent(directory)));
    Div toolbar = new Div(title, path, up);
    toolbar.addClassName("atelier-files-toolbar");

    files.setId("files");
    files.addThemeVariants(GridVariant.LUMO_NO_BORDER, GridVariant.LUMO_COMPACT);
    files.setAllRowsVisible(true);
    files.addComponentColumn(WorkspaceView::fileName).setHeader("Name").setFlexGrow(3);
    files
        .addColumn(entry -> entry.directory() ? "" : StackFormat.memory(entry.size()))
        .setHeader("Size");
    files
        .addColumn(entry -> time.relative(java.time.Instant.ofEpochMilli(entry.modifiedMillis())))
        .setHeader("Modified");
    files.setEmptyStateText("This workspace has no files yet.");
    files.addItemClickListener(
        event -> {
          if (event.getItem().directory()) {
            open(event.getItem().path());
          }
        });
    filesMessage.addClassName("atelier-muted");
    filesMessage.setId("files-message");
    filesMessage.setVisible(false);
    Div section = new Div(toolbar, filesMessage, files);
    section.addClassName("atelier-section");
    return section;
  }

  private void open(String dir) {
    directory = dir;
    listFiles();
  }

  private void listFiles() {
    path.setText("/workspace" + (directory.isEmpty() ? "" : "/" + directory));
    up.setVisible(!directory.isEmpty());
    try {
      List<FileEntry> entries = runtime.files(workspace.id()).list(directory);
      files.setItems(entries);
      files.setVisible(true);
      filesMessage.setVisible(false);
    } catch (WorkspaceRuntimeException e) {
      files.setVisible(false);
      filesMessage.setText(
          e.code() == WorkspaceRuntimeException.ErrorCode.NOT_FOUND
              ? "The files appear once the workspace has been created."
              : e.getMessage());
      filesMessage.setVisible(true);
    }
  }

  private void applyStatus(WorkspaceStatusEvent event) {
    if (workspace == null || !workspace.id().equals(event.workspaceId())) {
      return;
    }
    status.show(event.phase(), event.conditions());
    showPhase(event.phase());
    if (event.phase() == Phase.RUNNING) {
      listFiles();
    }
  }

  private void showPhase(Phase phase) {
    start.setEnabled(phase == Phase.STOPPED || phase == Phase.FAILED);
    stop.setEnabled(phase.isActive());
  }

  private void run(Supplier<Workspace> action) {
    try {
      workspace = action.get();
      status.show(workspace.phase(), workspace.conditions());
      showPhase(workspace.phase());
    } catch (AtelierException e) {
      Notifications.error(e.getMessage());
    }
  }

  private void showMissing(String message) {
    H2 title = new H2("Workspace not found");
    Paragraph text = new Paragraph(message);
    RouterLink back = new RouterLink("Back to your workspaces", DashboardView.class);
    Div missing = new Div(title, text, back);
    missing.setId("workspace-missing");
    missing.addClassName("atelier-empty");
    add(missing);
  }

  private static Div fileName(FileEntry entry) {
    Icon icon = (entry.directory() ? VaadinIcon.FOLDER : VaadinIcon.FILE_TEXT_O).create();
    icon.addClassName("atelier-file-icon");
    Div name = new Div(icon, new Span(entry.name()));
    name.addClassName("atelier-file-name");
    name.getElement().setAttribute("data-path", entry.path());
    return name;
  }

  /** The route of a workspace's page, relative to the application root. */
  static String path(String workspaceId) {
    return "workspaces/"
        + java.net.URLEncoder.encode(workspaceId, java.nio.charset.StandardCharsets.UTF_8);
  }

  /** {@code src/main} is the parent of {@code src/main/java}; the root is its own parent. */
  static String parent(String dir) {
    int slash = dir.lastIndexOf('/');
    return slash < 0 ? "" : dir.substring(0, slash);
  }

  private static void access(UI ui, Runnable task) {
    try {
      ui.access(task::run);
    } catch (UIDetachedException e) {
      // The browser left between the event and now; the subscription is closed on detach.
      log.debug("Dropped a workspace event for a detached workspace view");
    }
  }
}
