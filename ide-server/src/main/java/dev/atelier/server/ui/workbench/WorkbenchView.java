package dev.atelier.server.ui.workbench;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.ClientCallable;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.dependency.CssImport;
import com.vaadin.flow.component.dependency.Uses;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.Route;
import dev.atelier.server.account.AccountService;
import dev.atelier.server.account.AtelierPrincipal;
import dev.atelier.server.account.UserAccount;
import dev.atelier.server.error.AtelierException;
import dev.atelier.server.workspace.Workspace;
import dev.atelier.server.workspace.WorkspaceRole;
import dev.atelier.ui.editor.CodeEditor;
import jakarta.annotation.security.PermitAll;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The IDE page of a workspace ({@code /workspaces/{id}}): header, activity bar with side panels,
 * editor tabs, bottom panels, status bar, command palette. Panels, commands and status items of
 * features come from extensions (mounted by {@link ExtensionParts}; the built-in ones are {@link
 * WorkbenchExtensions}) and from {@link WorkbenchContribution} beans, and receive this page as
 * their {@link Workbench}.
 *
 * <p>The user needs at least READ in the workspace; with READ every editor is read-only. {@code
 * ?file=path&line=N} opens a file on arrival, {@code #file=path:N} on arrival and whenever the
 * fragment changes (in-page links). The active file is kept in the query, which the server sees on
 * a reload, so reopening it costs no extra round trip.
 */
@Route("workspaces/:workspaceId")
@PermitAll
@CssImport("./styles/atelier.css")
@CssImport("./styles/workbench.css")
// The built-in extensions' panels (WorkbenchExtensions) are created in factories the production
// bundle's scanner cannot reach from the route; their browser code is listed here.
@Uses(PresencePanel.class)
@Uses(TerminalPanel.class)
@Uses(BuildLogPanel.class)
@Uses(FileExplorer.class)
@Uses(SearchPanel.class)
@Uses(QuickOpenDialog.class)
@Uses(PortsPanel.class)
public class WorkbenchView extends Div implements Workbench, BeforeEnterObserver, HasDynamicTitle {

  private static final Logger log = LoggerFactory.getLogger(WorkbenchView.class);

  private final WorkbenchServices services;
  private final List<WorkbenchContribution> contributions;
  private final UserAccount account;
  private final AtelierPrincipal principal;
  private final Commands commands = new Commands(this);

  private Workspace workspace;
  private WorkspaceRole role;
  private CodeEditor.Theme theme = CodeEditor.Theme.LIGHT;
  private EditorArea editors;
  private PanelLayout panels;
  private StatusBar status;
  private WorkbenchHeader header;
  private CommandPalette palette;
  private WorkbenchLiveState live;
  private final List<java.util.function.Consumer<String>> activeFileListeners =
      new java.util.ArrayList<>();

  public WorkbenchView(
      AccountService accounts,
      WorkbenchServices services,
      List<WorkbenchContribution> contributions) {
    this.services = services;
    this.contributions = contributions;
    this.account = accounts.currentUser();
    this.principal = new AtelierPrincipal(account.id(), account.username(), account.admin(), null);
    setId("workbench");
    addClassName("atelier-workbench");
  }

  @Override
  public void beforeEnter(BeforeEnterEvent event) {
    String id = event.getRouteParameters().get("workspaceId").orElse("");
    var query = event.getLocation().getQueryParameters();
    if (workspace != null && editors != null && workspace.id().equals(id)) {
      // The same page again (a changed fragment, back/forward): keep editors and panels; the
      // fragment's file is opened by the hashchange listener.
      return;
    }
    stopLive();
    removeAll();
    try {
      workspace = services.access().require(account.id(), id, WorkspaceRole.READ);
      role = services.access().role(account.id(), id).orElse(WorkspaceRole.READ);
    } catch (AtelierException e) {
      workspace = null;
      showMissing(e.getMessage());
      return;
    }
    theme = WorkbenchTheme.remembered(account.id());
    build();
    for (WorkbenchContribution contribution : contributions) {
      try {
        contribution.contribute(this);
      } catch (RuntimeException e) {
        // One broken panel must not take the whole IDE page down with it.
        log.warn("Workbench contribution {} failed", contribution.getClass().getName(), e);
        WorkbenchNotices.error("A panel could not be shown: " + e.getMessage());
      }
    }
    ExtensionParts.mount(this, services.extensions().contributions());
    query.getSingleParameter("file").ifPresent(file -> openFile(file, lineOf(query), 0));
    if (isAttached()) {
      startLive(getUI().orElseThrow());
    }
  }

  @Override
  public String getPageTitle() {
    return (workspace == null ? "Workspace" : workspace.name()) + " · Atelier";
  }

  // ---------------------------------------------------------------- Workbench

  @Override
  public Workspace workspace() {
    return workspace;
  }

  @Override
  public AtelierPrincipal user() {
    return principal;
  }

  @Override
  public WorkspaceRole role() {
    return role;
  }

  @Override
  public UI ui() {
    return getUI().orElseGet(UI::getCurrent);
  }

  @Override
  public void openFile(String path, int line, int column) {
    String clean = cleanPath(path);
    if (clean.isEmpty()) {
      WorkbenchNotices.error("Give a file path relative to the workspace, e.g. src/main.py.");
      return;
    }
    try {
      EditorTab tab = editors.open(clean);
      if (tab.editor() != null) {
        if (line > 0) {
          tab.editor().reveal(line, column);
        } else {
          tab.editor().focus();
        }
      }
    } catch (AtelierException e) {
      WorkbenchNotices.error(e.getMessage());
    }
  }

  @Override
  public void registerCommand(WorkbenchCommand command) {
    commands.register(command);
  }

  /** Runs the command {@code id}; an unknown id is reported to the user. */
  public void executeCommand(String id) {
    commands
        .find(id)
        .ifPresentOrElse(
            commands::run, () -> WorkbenchNotices.error("There is no command \"" + id + "\"."));
  }

  // ---------------------------------------------------------------- layout API for panels

  /**
   * Adds a side panel with an activity bar icon (the first one added is shown).
   *
   * @param id stable id, e.g. {@code explorer}; the icon gets the element id {@code activity-<id>}
   * @throws IllegalArgumentException when the id is taken
   */
  public void addSidePanel(String id, String label, VaadinIcon icon, Component panel) {
    panels.addSidePanel(id, label, icon, panel);
    registerCommand(
        new WorkbenchCommand(
            "view.side." + id, "View: Show " + label, null, () -> panels.showSide(id)));
  }

  /**
   * Adds a tab to the bottom panel.
   *
   * @param id stable id, e.g. {@code terminal}; the tab gets the element id {@code bottom-tab-<id>}
   * @throws IllegalArgumentException when the id is taken
   */
  public void addBottomPanel(String id, String label, Component panel) {
    panels.addBottomPanel(id, label, panel);
    registerCommand(
        new WorkbenchCommand(
            "view.bottom." + id, "View: Show " + label, null, () -> panels.showBottom(id)));
  }

  /** Reveals the side panel {@code id}; throws {@link IllegalArgumentException} when absent. */
  @Override
  public void showSidePanel(String id) {
    panels.showSide(id);
  }

  /** Reveals the bottom panel {@code id}; throws {@link IllegalArgumentException} when absent. */
  @Override
  public void showBottomPanel(String id) {
    panels.showBottom(id);
  }

  /** Adds a component to the start of the status bar (after the problem counts). */
  @Override
  public void addStatusItem(Component item) {
    status.addItem(item);
  }

  @Override
  public void addToPage(Component component) {
    add(component);
  }

  @Override
  public void addFollowStoppedListener(Runnable listener) {
    // The editor ends a follow when the user types or scrolls; its event bubbles up to the page.
    getElement().addEventListener("follow-stopped", e -> listener.run());
  }

  /** Shows or hides the unsaved-changes marker of {@code path}'s tab (if it is open). */
  public void setDirty(String path, boolean dirty) {
    editors.find(path).ifPresent(tab -> tab.setDirty(dirty));
  }

  /** The paths open in editor tabs, in tab order. */
  public List<String> openFiles() {
    return editors.tabs().stream().map(EditorTab::path).toList();
  }

  /** Calls {@code listener} with the active tab's path (or {@code null}) whenever it changes. */
  @Override
  public void addActiveFileListener(java.util.function.Consumer<String> listener) {
    activeFileListeners.add(listener);
  }

  /** The path of the active tab, or {@code null}. */
  @Override
  public String activeFile() {
    return editors.active().map(EditorTab::path).orElse(null);
  }

  /**
   * Makes the editor of {@code path} follow {@code userId}'s cursor (or stop: {@code null}); the
   * presence panel opens the followed user's file first.
   */
  @Override
  public void followUser(String path, String userId) {
    editors.find(path).map(EditorTab::editor).ifPresent(editor -> editor.setFollowUser(userId));
  }

  /**
   * Ctrl+S: the collaborative file sync writes the file now instead of after its debounce; the
   * tab's dirty marker clears when the write is done. A failed write is reported.
   */
  public void requestSave(String path) {
    if (path == null || !role.atLeast(WorkspaceRole.WRITE)) {
      return;
    }
    UI ui = ui();
    services
        .documents()
        .saveNow(workspace.id(), path)
        .whenComplete(
            (done, failure) -> {
              if (failure != null) {
                log.warn("Saving {} in {} failed", path, workspace.id(), failure);
                ui.access(
                    () ->
                        WorkbenchNotices.error(
                            "Could not save " + path + ": " + failure.getMessage()));
              }
            });
  }

  /** Switches between the light and the dark theme and remembers the choice for this user. */
  public void toggleTheme() {
    theme = theme == CodeEditor.Theme.DARK ? CodeEditor.Theme.LIGHT : CodeEditor.Theme.DARK;
    WorkbenchTheme.apply(ui(), account.id(), theme, true);
    editors.tabs().stream()
        .map(EditorTab::editor)
        .filter(e -> e != null)
        .forEach(e -> e.setTheme(theme));
    header.showTheme(theme);
  }

  /** Opens the command palette. */
  public void showCommandPalette() {
    palette.show();
  }

  // ---------------------------------------------------------------- building

  private void build() {
    activeFileListeners.clear();
    editors =
        new EditorArea(
            new EditorFactory(
                    this, services.files(), account, services.languages(), services.languageEdits())
                ::create,
            this::activeTabChanged);
    panels = new PanelLayout(editors);
    status =
        new StatusBar(
            () -> {
              if (panels.hasBottomPanel("problems")) {
                panels.showBottom("problems");
              }
            });
    status.showPhase(workspace.phase());
    header = new WorkbenchHeader(this, services.workspaces(), account, theme);
    palette =
        new CommandPalette(
            commands, () -> editors.active().map(EditorTab::editor).ifPresent(CodeEditor::focus));
    // Ends or reloads the page when the user's access is revoked or changes.
    AccessGuard guard =
        new AccessGuard(workspace.id(), account.id(), role, services.access(), services.events());
    add(header, panels, status, guard);
    WorkbenchCommands.registerBuiltIns(this, editors, panels, header);
  }

  private void activeTabChanged(EditorTab tab) {
    String activePath = tab == null ? null : tab.path();
    activeFileListeners.forEach(listener -> listener.accept(activePath));
    if (tab == null) {
      status.showEditor(null, null, false);
      ui().getPage().executeJs("history.replaceState(history.state, '', location.pathname)");
      return;
    }
    status.showEditor(
        tab.path(), tab.connection(), tab.editor() != null && tab.editor().isReadOnly());
    ui().getPage()
        .executeJs(
            "history.replaceState(history.state, '', location.pathname + '?file=' + encodeURIComponent($0))",
            tab.path());
    if (live != null) {
      live.refreshBranch();
    }
  }

  /** Called by the editor factory when an editor's connection changes. */
  void connectionChanged(EditorTab tab) {
    if (editors.active().orElse(null) == tab) {
      status.showEditor(tab.path(), tab.connection(), tab.editor().isReadOnly());
    }
  }

  EditorArea editors() {
    return editors;
  }

  CodeEditor.Theme theme() {
    return theme;
  }

  // ---------------------------------------------------------------- lifecycle

  @Override
  protected void onAttach(AttachEvent attachEvent) {
    super.onAttach(attachEvent);
    if (workspace != null) {
      startLive(attachEvent.getUI());
    }
  }

  @Override
  protected void onDetach(DetachEvent detachEvent) {
    stopLive();
    WorkbenchTheme.reset(detachEvent.getUI());
    super.onDetach(detachEvent);
  }

  private void startLive(UI ui) {
    if (live != null) {
      return;
    }
    WorkbenchTheme.apply(ui, account.id(), theme, false);
    live = new WorkbenchLiveState(this, ui, services, status, header);
    live.start();
    // The fragment never reaches the server: ask the browser for it, now and when it changes
    // (in-page links such as #file=src/app.py:12).
    getElement()
        .executeJs(
            // Window listeners are added once per browser tab and call the current page only.
            "window.__atelierWorkbench = this;"
                + "if (!window.__atelierWorkbenchHooks) {"
                + "  window.__atelierWorkbenchHooks = true;"
                + "  const current = () => { const w = window.__atelierWorkbench;"
                + "    return w && w.isConnected && w.$server ? w.$server : null; };"
                + "  window.addEventListener('hashchange', () =>"
                + "    current() && current().fragmentChanged(location.hash));"
                + "  window.addEventListener('focus', () => current() && current().windowFocused());"
                + "}"
                + "return location.hash;")
        .then(String.class, this::fragmentChanged);
  }

  private void stopLive() {
    if (live != null) {
      live.stop();
      live = null;
    }
  }

  /** Opens the file named by a {@code #file=path[:line[:column]]} fragment. */
  @ClientCallable
  void fragmentChanged(String hash) {
    if (workspace == null || editors == null) {
      return;
    }
    FileLocation.fromFragment(hash)
        .ifPresent(location -> openFile(location.path(), location.line(), location.column()));
  }

  /** The browser window got the focus back: things may have changed outside (git checkout). */
  @ClientCallable
  void windowFocused() {
    if (live != null) {
      live.refreshBranch();
    }
  }

  /** A file or folder was moved through the product: its tabs follow it. */
  void fileMoved(String from, String to, boolean directory) {
    editors.moved(from, to, directory);
  }

  /** A file or folder was deleted through the product: its tabs close. */
  void fileDeleted(String path, boolean directory) {
    List<String> closed = editors.deleted(path, directory);
    if (!closed.isEmpty()) {
      WorkbenchNotices.info(
          "Closed " + String.join(", ", closed) + ": deleted from the workspace.");
    }
  }

  void workspaceDeleted() {
    stopLive();
    removeAll();
    showMissing("This workspace was deleted.");
  }

  private void showMissing(String message) {
    add(new WorkspaceMissing(message));
  }

  private static int lineOf(com.vaadin.flow.router.QueryParameters query) {
    return query.getSingleParameter("line").map(WorkbenchView::number).orElse(0);
  }

  private static int number(String text) {
    try {
      return Math.max(0, Integer.parseInt(text.strip()));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** The route of a workspace's page, relative to the application root. */
  public static String path(String workspaceId) {
    return "workspaces/"
        + java.net.URLEncoder.encode(workspaceId, java.nio.charset.StandardCharsets.UTF_8);
  }

  /** {@code ./src//a.py} → {@code src/a.py}; leading slashes are dropped. */
  static String cleanPath(String path) {
    if (path == null) {
      return "";
    }
    String clean = path.strip().replace('\\', '/').replaceAll("/{2,}", "/");
    while (clean.startsWith("./") || clean.startsWith("/")) {
      clean = clean.startsWith("./") ? clean.substring(2) : clean.substring(1);
    }
    return clean.endsWith("/") ? clean.substring(0, clean.length() - 1) : clean;
  }
}
