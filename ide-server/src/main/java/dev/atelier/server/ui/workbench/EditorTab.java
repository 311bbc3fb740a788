package dev.atelier.server.ui.workbench;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.Icon;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.tabs.Tab;
import dev.atelier.ui.editor.CodeEditor;
import dev.atelier.ui.editor.CodeEditor.ConnectionState;

/**
 * One open file of the editor area: its tab header (name, dirty marker, close button) and what it
 * shows (a {@link CodeEditor}, or a notice for files that are not opened as text).
 */
final class EditorTab {

  private final String path;
  private final Tab tab = new Tab();
  private final Span dirtyMark = new Span();
  private final Icon close = VaadinIcon.CLOSE_SMALL.create();
  private final Component content;
  private final CodeEditor editor;
  private boolean dirty;
  private ConnectionState connection = ConnectionState.CONNECTING;

  EditorTab(String path, Component content, CodeEditor editor) {
    this.path = path;
    this.content = content;
    this.editor = editor;
    Span name = new Span(fileName(path));
    name.addClassName("atelier-tab-name");
    dirtyMark.addClassName("atelier-tab-dirty");
    dirtyMark.getElement().setAttribute("aria-label", "unsaved changes");
    dirtyMark.setVisible(false);
    close.addClassName("atelier-tab-close");
    close.getElement().setAttribute("aria-label", "Close " + path);
    close.getElement().setAttribute("title", "Close");
    tab.add(name, dirtyMark, close);
    tab.addClassName("atelier-editor-tab");
    tab.getElement().setAttribute("title", path);
    tab.getElement().setAttribute("data-path", path);
    content.getElement().setAttribute("data-path", path);
    if (editor == null || editor.isStandalone()) {
      // Nothing here is connected to a room: the status bar shows no connection state.
      connection = null;
    }
  }

  String path() {
    return path;
  }

  Tab tab() {
    return tab;
  }

  Component content() {
    return content;
  }

  /** The editor of this tab, or {@code null} when the file is shown as a notice. */
  CodeEditor editor() {
    return editor;
  }

  /** The close icon of the header (the area wires what closing means). */
  Icon closeButton() {
    return close;
  }

  boolean dirty() {
    return dirty;
  }

  void setDirty(boolean dirty) {
    this.dirty = dirty;
    dirtyMark.setVisible(dirty);
    tab.getElement().setAttribute("data-dirty", String.valueOf(dirty));
  }

  /** The room connection of the editor, or {@code null} when the tab has no room. */
  ConnectionState connection() {
    return connection;
  }

  void setConnection(ConnectionState connection) {
    this.connection = connection;
  }

  static String fileName(String path) {
    int slash = path.lastIndexOf('/');
    return slash < 0 ? path : path.substring(slash + 1);
  }
}
