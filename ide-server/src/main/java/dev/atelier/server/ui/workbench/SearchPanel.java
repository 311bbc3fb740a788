package dev.atelier.server.ui.workbench;

import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.component.treegrid.TreeGrid;
import com.vaadin.flow.data.provider.hierarchy.TreeData;
import com.vaadin.flow.data.provider.hierarchy.TreeDataProvider;
import dev.atelier.server.error.AtelierException;
import dev.atelier.server.files.FileSearch;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Search across the workspace's files: a query with match-case, regular-expression and whole-word
 * toggles; results grouped by file, each line opening the file at the match. Searches run off the
 * UI thread (bounded by {@link FileSearch}); a newer search makes the older result irrelevant.
 */
public class SearchPanel extends VerticalLayout {

  /** A row of the results: a file (match {@code null}) or one matching line of it. */
  record Row(String path, FileSearch.LineMatch match, int count) {}

  private final Workbench workbench;
  private final FileSearch search;
  private final TextField query = new TextField();
  private final Checkbox matchCase = new Checkbox("Match case");
  private final Checkbox regex = new Checkbox("Regex");
  private final Checkbox wholeWord = new Checkbox("Whole word");
  private final Span summary = new Span();
  private final TreeGrid<Row> results = new TreeGrid<>();
  private final AtomicInteger generation = new AtomicInteger();
  private Runnable reveal = () -> {};

  public SearchPanel(Workbench workbench, FileSearch search) {
    this.workbench = workbench;
    this.search = search;
    setPadding(false);
    setSizeFull();
    getElement().setAttribute("data-testid", "search-panel");
    query.setPlaceholder("Search in files");
    query.setWidthFull();
    query.setClearButtonVisible(true);
    query.getElement().setAttribute("data-testid", "search-query");
    query.addKeyDownListener(Key.ENTER, e -> run());
    matchCase.addValueChangeListener(e -> rerun());
    regex.addValueChangeListener(e -> rerun());
    wholeWord.addValueChangeListener(e -> rerun());
    HorizontalLayout toggles = new HorizontalLayout(matchCase, regex, wholeWord);
    toggles.setSpacing(true);
    summary.getElement().setAttribute("data-testid", "search-summary");
    summary.getStyle().set("color", "var(--lumo-secondary-text-color)");
    results.addHierarchyColumn(SearchPanel::label).setHeader("Results");
    results.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_NO_BORDER);
    results.setSizeFull();
    results.getElement().setAttribute("data-testid", "search-results");
    results.addItemClickListener(e -> open(e.getItem()));
    add(query, toggles, summary, results);
    workbench.registerCommand(
        new WorkbenchCommand(
            "search.findInFiles", "Search: Find in Files", "Ctrl+Shift+F", this::focusQuery));
  }

  /** What makes this panel visible (the layout that hosts it), run before focusing the query. */
  public void setRevealAction(Runnable reveal) {
    this.reveal = reveal;
  }

  /** Shows the panel and puts the cursor into the query field (Ctrl+Shift+F). */
  public void focusQuery() {
    reveal.run();
    query.focus();
    query.getElement().executeJs("this.inputElement && this.inputElement.select()");
  }

  private static String label(Row row) {
    if (row.match() == null) {
      return row.path() + "  (" + row.count() + ")";
    }
    return row.match().line() + ": " + row.match().preview().strip();
  }

  private void open(Row row) {
    if (row.match() != null) {
      workbench.openFile(row.path(), row.match().line(), row.match().column() - 1);
    }
  }

  private void rerun() {
    if (!query.getValue().isEmpty()) {
      run();
    }
  }

  /** Starts a search with the current query and toggles. */
  void run() {
    String text = query.getValue();
    if (text.isEmpty()) {
      return;
    }
    int mine = generation.incrementAndGet();
    FileSearch.Query q =
        new FileSearch.Query(text, matchCase.getValue(), regex.getValue(), wholeWord.getValue());
    String userId = workbench.user().userId();
    String workspaceId = workbench.workspace().id();
    summary.setText("Searching…");
    CompletableFuture.supplyAsync(() -> search.search(userId, workspaceId, q), FilePanels.SCHEDULER)
        .whenComplete(
            (result, error) ->
                FilePanels.push(
                    workbench.ui(),
                    () -> {
                      if (generation.get() != mine) {
                        return; // a newer search is running
                      }
                      if (error != null) {
                        Throwable cause = error.getCause() == null ? error : error.getCause();
                        summary.setText(
                            cause instanceof AtelierException
                                ? cause.getMessage()
                                : "Search failed.");
                        results.setItems(java.util.List.of());
                        return;
                      }
                      show(result);
                    }));
  }

  private void show(FileSearch.Result result) {
    TreeData<Row> data = new TreeData<>();
    for (FileSearch.FileMatches file : result.files()) {
      Row parent = new Row(file.path(), null, file.matches().size());
      data.addItem(null, parent);
      for (FileSearch.LineMatch match : file.matches()) {
        data.addItem(parent, new Row(file.path(), match, 0));
      }
    }
    results.setDataProvider(new TreeDataProvider<>(data));
    results.expand(data.getRootItems());
    String text =
        result.matchCount()
            + (result.matchCount() == 1 ? " result" : " results")
            + " in "
            + result.files().size()
            + (result.files().size() == 1 ? " file" : " files");
    summary.setText(result.truncated() ? text + " (stopped early: refine the search)" : text);
  }

  TreeGrid<Row> resultGrid() {
    return results;
  }

  TextField queryField() {
    return query;
  }
}
