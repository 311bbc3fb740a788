package dev.atelier.server.ui.workbench;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.Shortcuts;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.grid.contextmenu.GridContextMenu;
import com.vaadin.flow.component.grid.dnd.GridDropMode;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.treegrid.TreeGrid;
import dev.atelier.server.files.FileInfo;
import dev.atelier.server.files.FileService;
import dev.atelier.server.files.FileWatches;
import dev.atelier.server.files.WorkspacePaths;
import dev.atelier.server.workspace.WorkspaceRole;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The workspace's file tree: folders load when expanded; a click (or Enter on the selected row)
 * opens a file in the editor; the context menu and the toolbar create, rename, delete (after a
 * confirmation), upload into and download (a folder as a zip); rows can be dragged onto folders to
 * move them. The tree follows changes on disk (terminal, builds, git) through the workspace's file
 * watch, debounced. Readers see the tree without the changing actions.
 */
public class FileExplorer extends VerticalLayout {

  private static final Logger log = LoggerFactory.getLogger(FileExplorer.class);
  private static final long REFRESH_DEBOUNCE_MILLIS = 300;

  private final Workbench workbench;
  private final FileService files;
  private final FileWatches watches;
  private final String userId;
  private final String workspaceId;
  private final boolean writable;
  private final TreeGrid<FileInfo> tree = new TreeGrid<>();
  private final FileTreeProvider provider;
  private final FilePanels.Debouncer refresh;
  private List<FileInfo> dragged = List.of();
  private AutoCloseable watch;

  public FileExplorer(Workbench workbench, FileService files, FileWatches watches) {
    this.workbench = workbench;
    this.files = files;
    this.watches = watches;
    this.userId = workbench.user().userId();
    this.workspaceId = workbench.workspace().id();
    this.writable = workbench.role().atLeast(WorkspaceRole.WRITE);
    this.provider = new FileTreeProvider(files, userId, workspaceId);
    this.refresh =
        new FilePanels.Debouncer(
            REFRESH_DEBOUNCE_MILLIS, () -> FilePanels.push(workbench.ui(), this::refresh));
    setPadding(false);
    setSpacing(false);
    setSizeFull();
    getElement().setAttribute("data-testid", "file-explorer");
    add(toolbar(), tree());
    registerCommands();
  }

  private HorizontalLayout toolbar() {
    Span title = new Span("Explorer");
    title.getStyle().set("font-weight", "600").set("flex", "1");
    HorizontalLayout bar = new HorizontalLayout(title);
    if (writable) {
      bar.add(
          iconButton(VaadinIcon.FILE_ADD, "New File", "explorer-new-file", () -> newFile(target())),
          iconButton(
              VaadinIcon.FOLDER_ADD,
              "New Folder",
              "explorer-new-folder",
              () -> newFolder(target())),
          iconButton(VaadinIcon.UPLOAD, "Upload", "explorer-upload", () -> upload(target())));
    }
    bar.add(iconButton(VaadinIcon.REFRESH, "Refresh Explorer", "explorer-refresh", this::refresh));
    bar.setWidthFull();
    bar.setAlignItems(FlexComponent.Alignment.CENTER);
    bar.getStyle().set("padding", "0 var(--lumo-space-s)");
    return bar;
  }

  private static Button iconButton(VaadinIcon icon, String label, String testId, Runnable action) {
    Button button = new Button(icon.create(), e -> action.run());
    button.addThemeVariants(ButtonVariant.LUMO_TERTIARY_INLINE, ButtonVariant.LUMO_ICON);
    button.setTooltipText(label);
    button.setAriaLabel(label);
    button.getElement().setAttribute("data-testid", testId);
    return button;
  }

  private TreeGrid<FileInfo> tree() {
    tree.addComponentHierarchyColumn(
            item -> {
              Span name = new Span(item.name());
              name.getElement().setAttribute("data-path", item.path());
              name.getElement().setAttribute("data-testid", "explorer-item");
              return name;
            })
        .setHeader("Files");
    tree.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_NO_BORDER);
    tree.setDataProvider(provider);
    tree.setSizeFull();
    tree.setAllRowsVisible(false);
    tree.addItemClickListener(
        e -> {
          if (!e.getItem().directory()) {
            workbench.openFile(e.getItem().path(), 0, 0);
          }
        });
    Shortcuts.addShortcutListener(tree, this::openSelected, Key.ENTER).listenOn(tree);
    contextMenu();
    if (writable) {
      tree.setRowsDraggable(true);
      tree.setDropMode(GridDropMode.ON_TOP);
      tree.addDragStartListener(e -> dragged = List.copyOf(e.getDraggedItems()));
      tree.addDragEndListener(e -> dragged = List.of());
      tree.addDropListener(
          e -> moveInto(e.getDropTargetItem().map(FileExplorer::folderOf).orElse("")));
    }
    return tree;
  }

  private void contextMenu() {
    GridContextMenu<FileInfo> menu = tree.addContextMenu();
    menu.setDynamicContentHandler(
        item -> {
          menu.removeAll();
          if (item != null && !item.directory()) {
            menu.addItem("Open", e -> workbench.openFile(item.path(), 0, 0));
          }
          String folder = item == null ? "" : folderOf(item);
          if (writable) {
            menu.addItem("New File…", e -> newFile(folder));
            menu.addItem("New Folder…", e -> newFolder(folder));
            menu.addItem("Upload…", e -> upload(folder));
          }
          if (item != null && writable) {
            menu.addItem("Rename…", e -> rename(item));
            menu.addItem("Delete…", e -> confirmDelete(item));
          }
          menu.addItem(
              item == null
                  ? "Download Workspace as Zip"
                  : item.directory() ? "Download as Zip" : "Download",
              e -> download(item == null ? "" : item.path()));
          return true;
        });
  }

  private void registerCommands() {
    if (writable) {
      workbench.registerCommand(
          new WorkbenchCommand(
              "explorer.newFile", "File: New File…", "Alt+N", () -> newFile(target())));
      workbench.registerCommand(
          new WorkbenchCommand(
              "explorer.newFolder", "File: New Folder…", null, () -> newFolder(target())));
      workbench.registerCommand(
          new WorkbenchCommand("explorer.upload", "File: Upload…", null, () -> upload(target())));
    }
    workbench.registerCommand(
        new WorkbenchCommand("explorer.refresh", "File: Refresh Explorer", null, this::refresh));
    workbench.registerCommand(
        new WorkbenchCommand(
            "explorer.downloadWorkspace",
            "File: Download Workspace as Zip",
            null,
            () -> download("")));
  }

  /** The folder new things go into: the selected folder, the selected file's folder, or root. */
  private String target() {
    return tree.getSelectedItems().stream().findFirst().map(FileExplorer::folderOf).orElse("");
  }

  private static String folderOf(FileInfo item) {
    return item.directory() ? item.path() : WorkspacePaths.parent(item.path());
  }

  private void openSelected() {
    tree.getSelectedItems().stream()
        .findFirst()
        .ifPresent(
            item -> {
              if (item.directory()) {
                if (tree.isExpanded(item)) {
                  tree.collapse(item);
                } else {
                  tree.expand(item);
                }
              } else {
                workbench.openFile(item.path(), 0, 0);
              }
            });
  }

  void newFile(String folder) {
    new NameDialog(
            "New File" + in(folder),
            "File name",
            "",
            name -> {
              FileInfo created =
                  files.createFile(
                      userId, workspaceId, WorkspacePaths.child(folder, checked(name)));
              revealAndRefresh(created);
              workbench.openFile(created.path(), 0, 0);
            })
        .open();
  }

  void newFolder(String folder) {
    new NameDialog(
            "New Folder" + in(folder),
            "Folder name",
            "",
            name ->
                revealAndRefresh(
                    files.createFolder(
                        userId, workspaceId, WorkspacePaths.child(folder, checked(name)))))
        .open();
  }

  void rename(FileInfo item) {
    new NameDialog(
            "Rename " + item.name(),
            "New name",
            item.name(),
            name -> {
              String to = WorkspacePaths.child(WorkspacePaths.parent(item.path()), checked(name));
              revealAndRefresh(files.move(userId, workspaceId, item.path(), to));
            })
        .open();
  }

  /** Names typed into the dialogs may contain {@code /} to create nested paths at once. */
  private static String checked(String name) {
    return WorkspacePaths.normalize(name == null ? null : name.strip());
  }

  void confirmDelete(FileInfo item) {
    ConfirmDialog confirm = new ConfirmDialog();
    confirm.setHeader("Delete " + item.name() + "?");
    confirm.setText(
        item.directory()
            ? "The folder '" + item.path() + "' and everything in it will be deleted."
            : "The file '" + item.path() + "' will be deleted.");
    confirm.setCancelable(true);
    confirm.setConfirmText("Delete");
    confirm.setConfirmButtonTheme("error primary");
    confirm.addConfirmListener(
        e -> {
          if (FilePanels.attempt(() -> files.delete(userId, workspaceId, item.path()))) {
            refresh();
          }
        });
    confirm.open();
  }

  private void moveInto(String folder) {
    List<FileInfo> moving = dragged;
    dragged = List.of();
    for (FileInfo item : moving) {
      String to = WorkspacePaths.child(folder, item.name());
      if (!to.equals(item.path())) {
        FilePanels.attempt(() -> files.move(userId, workspaceId, item.path(), to));
      }
    }
    refresh();
  }

  void upload(String folder) {
    new UploadDialog(files, userId, workspaceId, folder, workbench.ui(), this::refresh).open();
  }

  private void download(String path) {
    String url =
        "api/workspaces/"
            + workspaceId
            + "/files/download?path="
            + URLEncoder.encode(path, StandardCharsets.UTF_8);
    // an anchor with "download" saves the response instead of navigating away from the IDE
    workbench
        .ui()
        .getPage()
        .executeJs(
            "const a = document.createElement('a'); a.href = $0; a.download = '';"
                + " document.body.appendChild(a); a.click(); a.remove();",
            url);
  }

  private static String in(String folder) {
    return folder.isEmpty() ? "" : " in " + folder;
  }

  private void revealAndRefresh(FileInfo item) {
    refresh();
    expandAncestors(item.path());
    tree.select(item);
  }

  private void expandAncestors(String path) {
    String parent = WorkspacePaths.parent(path);
    if (!parent.isEmpty()) {
      expandAncestors(parent);
      tree.expand(new FileInfo(parent, WorkspacePaths.fileName(parent), true, 0, 0));
    }
  }

  /** Reloads the tree, keeping expanded folders (items are identified by path). */
  public void refresh() {
    provider.refreshAll();
  }

  @Override
  protected void onAttach(AttachEvent event) {
    super.onAttach(event);
    try {
      watch = watches.subscribe(userId, workspaceId, change -> refresh.trigger());
    } catch (RuntimeException e) {
      log.debug("No file watch for {}; the explorer refreshes on demand only", workspaceId, e);
    }
  }

  @Override
  protected void onDetach(DetachEvent event) {
    refresh.cancel();
    if (watch != null) {
      try {
        watch.close();
      } catch (Exception e) {
        log.debug("Closing the explorer's watch failed", e);
      }
      watch = null;
    }
    super.onDetach(event);
  }

  TreeGrid<FileInfo> treeGrid() {
    return tree;
  }
}
