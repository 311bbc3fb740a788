package dev.atelier.server.ui.workbench;

import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.value.ValueChangeMode;
import dev.atelier.server.files.FileSearch;
import dev.atelier.server.files.FileWatches;
import dev.atelier.server.files.FuzzyMatch;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Quick open (Ctrl+P): type parts of a file name, pick with the arrow keys, Enter opens it. The
 * workspace's file list (what git would see) is read once and kept until a change on disk makes it
 * stale; the watch is held only while this page is open.
 */
public class QuickOpenDialog extends Dialog {

  private static final Logger log = LoggerFactory.getLogger(QuickOpenDialog.class);
  static final int MAX_HITS = 50;

  private final Workbench workbench;
  private final FileSearch search;
  private final FileWatches watches;
  private final TextField query = new TextField();
  private final Grid<FuzzyMatch.Hit> hits = new Grid<>();
  private final Span note = new Span();
  private volatile List<String> cached;
  private volatile boolean truncated;
  private final java.util.concurrent.atomic.AtomicInteger changes =
      new java.util.concurrent.atomic.AtomicInteger();
  private AutoCloseable watch;

  public QuickOpenDialog(Workbench workbench, FileSearch search, FileWatches watches) {
    this.workbench = workbench;
    this.search = search;
    this.watches = watches;
    setHeaderTitle("Go to File");
    setWidth("600px");
    getElement().setAttribute("data-testid", "quick-open");
    query.setPlaceholder("File name (fuzzy), e.g. wbv for WorkbenchView.java");
    query.setWidthFull();
    query.setValueChangeMode(ValueChangeMode.LAZY);
    query.setValueChangeTimeout(120);
    query.getElement().setAttribute("data-testid", "quick-open-query");
    query.addValueChangeListener(e -> update());
    query.addKeyDownListener(Key.ENTER, e -> openSelected());
    query.addKeyDownListener(Key.ARROW_DOWN, e -> move(1));
    query.addKeyDownListener(Key.ARROW_UP, e -> move(-1));
    hits.addColumn(FuzzyMatch.Hit::path).setHeader("File");
    hits.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_NO_BORDER);
    hits.setHeight("360px");
    hits.getElement().setAttribute("data-testid", "quick-open-results");
    hits.addItemClickListener(e -> open(e.getItem()));
    note.getStyle().set("color", "var(--lumo-secondary-text-color)");
    add(query, hits, note);
    workbench.registerCommand(
        new WorkbenchCommand("quickOpen", "Go to File…", "Ctrl+P", this::show));
  }

  /** Opens the dialog with an empty query and the cursor in it. */
  public void show() {
    query.clear();
    open();
    query.focus();
    update();
  }

  private List<String> files() {
    watchOnce();
    List<String> files = watch == null ? null : cached;
    if (files == null) {
      int before = changes.get();
      FileSearch.FileList list =
          search.fileList(workbench.user().userId(), workbench.workspace().id());
      truncated = list.truncated();
      files = list.paths();
      if (changes.get() == before) {
        cached = files; // a change during the walk leaves the cache empty
      }
    }
    return files;
  }

  private void update() {
    List<FuzzyMatch.Hit> ranked;
    try {
      ranked = FuzzyMatch.rank(query.getValue(), files(), MAX_HITS);
    } catch (RuntimeException e) {
      note.setText("The file list cannot be read: " + e.getMessage());
      hits.setItems(List.of());
      return;
    }
    hits.setItems(ranked);
    if (!ranked.isEmpty()) {
      hits.select(ranked.get(0));
    }
    note.setText(truncated ? "Only the first " + cached.size() + " files are searched." : "");
  }

  private void move(int delta) {
    List<FuzzyMatch.Hit> items = hits.getListDataView().getItems().toList();
    if (items.isEmpty()) {
      return;
    }
    int index = hits.getSelectedItems().stream().findFirst().map(items::indexOf).orElse(-1);
    int next = Math.max(0, Math.min(items.size() - 1, index + delta));
    hits.select(items.get(next));
    hits.scrollToIndex(next);
  }

  private void openSelected() {
    hits.getSelectedItems().stream().findFirst().ifPresent(this::open);
  }

  private void open(FuzzyMatch.Hit hit) {
    close();
    workbench.openFile(hit.path(), 0, 0);
  }

  /**
   * Watches the workspace from the first use until the page closes, so that the cached list is
   * dropped whenever something changes on disk.
   */
  private void watchOnce() {
    if (watch != null) {
      return;
    }
    try {
      watch =
          watches.subscribe(
              workbench.user().userId(),
              workbench.workspace().id(),
              change -> {
                changes.incrementAndGet();
                cached = null;
              });
      workbench.ui().addDetachListener(e -> closeWatch());
    } catch (RuntimeException e) {
      log.debug("No file watch for quick open; the list is read every time", e);
      cached = null;
    }
  }

  private void closeWatch() {
    AutoCloseable handle = watch;
    watch = null;
    cached = null;
    if (handle != null) {
      try {
        handle.close();
      } catch (Exception e) {
        log.debug("Closing the quick open watch failed", e);
      }
    }
  }
}
