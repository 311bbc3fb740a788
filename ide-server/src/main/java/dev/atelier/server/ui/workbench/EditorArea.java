package dev.atelier.server.ui.workbench;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.dnd.DragSource;
import com.vaadin.flow.component.dnd.DropTarget;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.tabs.Tab;
import com.vaadin.flow.component.tabs.Tabs;
import dev.atelier.ui.editor.CodeEditor;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The editor area: a tab per open file (close, middle-click close, reorder by dragging, reopen the
 * last closed) above the file's editor. Editors of inactive tabs stay alive (hidden), so switching
 * tabs keeps cursor, scroll position and the room connection.
 */
final class EditorArea extends Div {

  /** What a file shows: the component, and the editor inside it when it is text. */
  record Content(Component component, CodeEditor editor) {}

  private static final int CLOSED_REMEMBERED = 30;

  private final Tabs tabs = new Tabs();
  private final Div stack = new Div();
  private final Div empty = new Div();
  private final Map<String, EditorTab> open = new LinkedHashMap<>();
  private final Map<Tab, EditorTab> byTab = new LinkedHashMap<>();
  private final Deque<String> closed = new ArrayDeque<>();
  private final Function<String, Content> factory;
  private final Consumer<EditorTab> onActiveChanged;
  private EditorTab active;

  /**
   * @param factory creates what a path shows; throws {@code AtelierException} with a message for
   *     the user when it cannot be opened
   * @param onActiveChanged told about the newly active tab ({@code null} when none is open)
   */
  EditorArea(Function<String, Content> factory, Consumer<EditorTab> onActiveChanged) {
    this.factory = factory;
    this.onActiveChanged = onActiveChanged;
    setId("editor-area");
    addClassName("atelier-editor-area");
    tabs.setId("editor-tabs");
    tabs.addClassName("atelier-editor-tabs");
    tabs.setAutoselect(false);
    tabs.addSelectedChangeListener(event -> activate(byTab.get(event.getSelectedTab())));
    stack.addClassName("atelier-editor-stack");
    empty.setId("editor-empty");
    empty.addClassName("atelier-editor-empty");
    empty.add(new Span("No file is open. Press Ctrl+Shift+P for commands."));
    stack.add(empty);
    add(tabs, stack);
    tabs.setVisible(false);
  }

  /** Opens {@code path} (or selects its tab) and returns its tab. */
  EditorTab open(String path) {
    EditorTab existing = open.get(path);
    if (existing != null) {
      select(existing);
      return existing;
    }
    Content content = factory.apply(path);
    EditorTab tab = new EditorTab(path, content.component(), content.editor());
    wire(tab);
    open.put(path, tab);
    byTab.put(tab.tab(), tab);
    closed.remove(path);
    tabs.add(tab.tab());
    content.component().setVisible(false);
    stack.add(content.component());
    tabs.setVisible(true);
    select(tab);
    return tab;
  }

  Optional<EditorTab> active() {
    return Optional.ofNullable(active);
  }

  Optional<EditorTab> find(String path) {
    return Optional.ofNullable(open.get(path));
  }

  /** The open tabs in their displayed order. */
  List<EditorTab> tabs() {
    List<EditorTab> ordered = new ArrayList<>();
    for (int i = 0; i < tabs.getTabCount(); i++) {
      ordered.add(byTab.get(tabs.getTabAt(i)));
    }
    return ordered;
  }

  void close(EditorTab tab) {
    if (open.remove(tab.path()) == null) {
      return;
    }
    int index = tabs.indexOf(tab.tab());
    byTab.remove(tab.tab());
    tabs.remove(tab.tab());
    stack.remove(tab.content());
    closed.push(tab.path());
    while (closed.size() > CLOSED_REMEMBERED) {
      closed.removeLast();
    }
    if (tab == active) {
      active = null;
      if (tabs.getTabCount() > 0) {
        select(byTab.get(tabs.getTabAt(Math.min(index, tabs.getTabCount() - 1))));
      } else {
        showEmpty();
      }
    }
  }

  /** Removes a tab without remembering it as closed or activating another one. */
  private void discard(EditorTab tab) {
    open.remove(tab.path());
    byTab.remove(tab.tab());
    tabs.remove(tab.tab());
    stack.remove(tab.content());
    if (tab == active) {
      active = null;
    }
  }

  private void showEmpty() {
    active = null;
    tabs.setVisible(false);
    empty.setVisible(true);
    onActiveChanged.accept(null);
  }

  void closeActive() {
    if (active != null) {
      close(active);
    }
  }

  /** Reopens the most recently closed file that is not open; empty when there is none. */
  Optional<EditorTab> reopenClosed() {
    while (!closed.isEmpty()) {
      String path = closed.pop();
      if (!open.containsKey(path)) {
        return Optional.of(open(path));
      }
    }
    return Optional.empty();
  }

  /**
   * Tabs of files that moved (or lie under a folder that moved) show them at their new path, in the
   * same place; the active tab stays active.
   */
  void moved(String from, String to, boolean directory) {
    String activePath = active == null ? null : active.path();
    for (EditorTab tab : tabs()) {
      String target = relocate(tab.path(), from, to, directory);
      if (target == null || open.containsKey(target)) {
        continue;
      }
      int index = tabs.indexOf(tab.tab());
      discard(tab);
      try {
        move(open(target), index);
      } catch (RuntimeException e) {
        // The new path cannot be opened (already gone again): the tab just closes.
        closed.remove(target);
      }
      if (tab.path().equals(activePath)) {
        activePath = target;
      }
    }
    if (activePath != null && open.containsKey(activePath)) {
      select(open.get(activePath));
    } else if (open.isEmpty()) {
      showEmpty();
    }
  }

  /**
   * Closes the tabs of a deleted file (or of every file under a deleted folder).
   *
   * @return the paths whose tabs closed
   */
  List<String> deleted(String path, boolean directory) {
    List<String> gone = new ArrayList<>();
    for (EditorTab tab : tabs()) {
      if (relocate(tab.path(), path, path, directory) != null) {
        close(tab);
        gone.add(tab.path());
      }
    }
    closed.removeIf(p -> relocate(p, path, path, directory) != null);
    return gone;
  }

  /**
   * Where {@code path} is after {@code from} moved to {@code to}, or null when it is unaffected.
   */
  static String relocate(String path, String from, String to, boolean directory) {
    if (path.equals(from)) {
      return to;
    }
    if (directory && path.startsWith(from + "/")) {
      return to + path.substring(from.length());
    }
    return null;
  }

  /** Moves to the next ({@code +1}) or previous ({@code -1}) tab, wrapping around. */
  void cycle(int delta) {
    if (active == null || tabs.getTabCount() < 2) {
      return;
    }
    int index = Math.floorMod(tabs.indexOf(active.tab()) + delta, tabs.getTabCount());
    select(byTab.get(tabs.getTabAt(index)));
  }

  /** Moves {@code tab} to {@code index} among the tabs, keeping it selected if it was. */
  void move(EditorTab tab, int index) {
    boolean wasActive = tab == active;
    tabs.remove(tab.tab());
    tabs.addTabAtIndex(Math.max(0, Math.min(index, tabs.getTabCount())), tab.tab());
    if (wasActive) {
      tabs.setSelectedTab(tab.tab());
    }
  }

  private void select(EditorTab tab) {
    if (tabs.getSelectedTab() != tab.tab()) {
      tabs.setSelectedTab(tab.tab());
    }
    activate(tab);
  }

  private void activate(EditorTab tab) {
    if (tab == null || tab == active) {
      return;
    }
    if (active != null) {
      active.content().setVisible(false);
    }
    active = tab;
    empty.setVisible(false);
    tab.content().setVisible(true);
    onActiveChanged.accept(tab);
  }

  private void wire(EditorTab tab) {
    // Stopped here so that vaadin-tabs does not first select the tab being closed.
    tab.closeButton().getElement().addEventListener("click", event -> close(tab)).stopPropagation();
    // Middle click closes, as in browsers; mousedown's default would start auto-scrolling.
    tab.tab()
        .getElement()
        .addEventListener("auxclick", event -> close(tab))
        .setFilter("event.button === 1");
    // A filter that never passes: it only cancels the default in the browser, without a round trip.
    tab.tab()
        .getElement()
        .addEventListener("mousedown", event -> {})
        .setFilter("event.button === 1 && (event.preventDefault(), false)");
    DragSource<Tab> source = DragSource.create(tab.tab());
    source.setDragData(tab.path());
    DropTarget<Tab> target = DropTarget.create(tab.tab());
    target.addDropListener(
        event ->
            event
                .getDragData()
                .map(String.class::cast)
                .map(open::get)
                .filter(dragged -> dragged != tab)
                .ifPresent(dragged -> move(dragged, tabs.indexOf(tab.tab()))));
  }
}
