package dev.atelier.ui.editor;

import com.vaadin.flow.component.ComponentEvent;
import com.vaadin.flow.component.ComponentEventListener;
import com.vaadin.flow.component.ComponentUtil;
import com.vaadin.flow.component.DomEvent;
import com.vaadin.flow.component.EventData;
import com.vaadin.flow.shared.Registration;

/**
 * What an editor connected to language servers ({@link CodeEditor#setLanguageServer}) asks of the
 * page: open another file at a position (go to definition, a reference), apply a rename's edits to
 * a file the page does not show, show a server message (e.g. "Java language server not installed
 * (see docs/language-servers.md)").
 */
public final class LanguageServerEvents {

  private LanguageServerEvents() {}

  public static Registration addOpenFileListener(
      CodeEditor editor, ComponentEventListener<OpenFileEvent> listener) {
    return ComponentUtil.addListener(editor, OpenFileEvent.class, listener);
  }

  public static Registration addEditListener(
      CodeEditor editor, ComponentEventListener<EditEvent> listener) {
    return ComponentUtil.addListener(editor, EditEvent.class, listener);
  }

  public static Registration addMessageListener(
      CodeEditor editor, ComponentEventListener<MessageEvent> listener) {
    return ComponentUtil.addListener(editor, MessageEvent.class, listener);
  }

  /** Show {@code path} at {@code line}:{@code column} (1-based). */
  @DomEvent("open-file")
  public static class OpenFileEvent extends ComponentEvent<CodeEditor> {
    private final String path;
    private final int line;
    private final int column;

    public OpenFileEvent(
        CodeEditor source,
        boolean fromClient,
        @EventData("event.detail.path") String path,
        @EventData("event.detail.line") int line,
        @EventData("event.detail.column") int column) {
      super(source, fromClient);
      this.path = path;
      this.line = line;
      this.column = column;
    }

    public String path() {
      return path;
    }

    public int line() {
      return line;
    }

    public int column() {
      return column;
    }
  }

  /** Apply LSP text edits to {@code path}, a file this page does not show. */
  @DomEvent("lsp-edit")
  public static class EditEvent extends ComponentEvent<CodeEditor> {
    private final String path;
    private final String editsJson;

    public EditEvent(
        CodeEditor source,
        boolean fromClient,
        @EventData("event.detail.path") String path,
        @EventData("JSON.stringify(event.detail.edits)") String editsJson) {
      super(source, fromClient);
      this.path = path;
      this.editsJson = editsJson;
    }

    public String path() {
      return path;
    }

    /** The edits as a JSON array of LSP {@code TextEdit}s. */
    public String editsJson() {
      return editsJson;
    }
  }

  /** A message of a language server or the gateway (LSP {@code MessageType}: 1 error … 4 log). */
  @DomEvent("lsp-message")
  public static class MessageEvent extends ComponentEvent<CodeEditor> {
    private final int type;
    private final String message;

    public MessageEvent(
        CodeEditor source,
        boolean fromClient,
        @EventData("event.detail.type") int type,
        @EventData("event.detail.message") String message) {
      super(source, fromClient);
      this.type = type;
      this.message = message;
    }

    public int type() {
      return type;
    }

    public String message() {
      return message;
    }

    public boolean isError() {
      return type == 1;
    }
  }
}
