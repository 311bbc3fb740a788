package dev.atelier.ui.editor;

import com.vaadin.flow.component.ComponentEvent;
import com.vaadin.flow.component.ComponentEventListener;
import com.vaadin.flow.component.DomEvent;
import com.vaadin.flow.component.EventData;
import com.vaadin.flow.component.HasSize;
import com.vaadin.flow.component.HasStyle;
import com.vaadin.flow.component.Tag;
import com.vaadin.flow.component.dependency.JsModule;
import com.vaadin.flow.component.dependency.NpmPackage;
import com.vaadin.flow.shared.Registration;
import java.util.Locale;
import java.util.Objects;

/**
 * A CodeMirror 6 editor bound to the collaboration room of one workspace file ({@code
 * ws(s)://host/collab/{workspaceId}/{path}}, y-websocket protocol). Every keystroke goes straight
 * from the browser to the room; the server writes the room's text to the file. Syntax highlighting
 * follows {@link #setSyntax}; find/replace, folding, bracket matching and multiple cursors are
 * built in.
 *
 * <p>Without a workspace and path, or in {@linkplain #showStandalone standalone} mode, it shows a
 * text without any room (used for files too large to co-edit).
 */
@Tag("atelier-editor")
@JsModule("./atelier/editor.ts")
@NpmPackage(value = "codemirror", version = "6.0.2")
@NpmPackage(value = "@codemirror/state", version = "6.7.6")
@NpmPackage(value = "@codemirror/view", version = "6.43.15")
@NpmPackage(value = "@codemirror/language", version = "6.13.1")
@NpmPackage(value = "@codemirror/commands", version = "6.11.1")
@NpmPackage(value = "@codemirror/search", version = "6.7.2")
@NpmPackage(value = "@codemirror/autocomplete", version = "6.20.4")
@JsModule("./atelier/lsp.ts")
@NpmPackage(value = "@codemirror/lsp-client", version = "6.3.0")
@NpmPackage(value = "@codemirror/lint", version = "6.9.8")
@NpmPackage(value = "@codemirror/theme-one-dark", version = "6.1.3")
@NpmPackage(value = "@codemirror/legacy-modes", version = "6.5.5")
@NpmPackage(value = "@codemirror/lang-java", version = "6.0.2")
@NpmPackage(value = "@codemirror/lang-python", version = "6.2.1")
@NpmPackage(value = "@codemirror/lang-javascript", version = "6.2.5")
@NpmPackage(value = "@codemirror/lang-cpp", version = "6.0.3")
@NpmPackage(value = "@codemirror/lang-json", version = "6.0.2")
@NpmPackage(value = "@codemirror/lang-yaml", version = "6.1.3")
@NpmPackage(value = "@codemirror/lang-markdown", version = "6.5.2")
@NpmPackage(value = "@codemirror/lang-xml", version = "6.1.0")
@NpmPackage(value = "@codemirror/lang-html", version = "6.4.12")
@NpmPackage(value = "@codemirror/lang-css", version = "6.3.1")
@NpmPackage(value = "yjs", version = "13.6.33")
@NpmPackage(value = "y-websocket", version = "3.1.0")
@NpmPackage(value = "y-codemirror.next", version = "0.3.6")
@NpmPackage(value = "y-indexeddb", version = "9.0.12")
public class CodeEditor extends com.vaadin.flow.component.Component implements HasSize, HasStyle {

  /** The editor's colour scheme. */
  public enum Theme {
    LIGHT,
    DARK
  }

  /** The state of the connection to the room, as the editor reports it. */
  public enum ConnectionState {
    CONNECTING,
    CONNECTED,
    /** Connected and holding the room's current text. */
    SYNCED,
    DISCONNECTED;

    static ConnectionState parse(String value) {
      try {
        return valueOf(String.valueOf(value).toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        return DISCONNECTED;
      }
    }
  }

  /** An editor that joins the room of {@code path} in {@code workspaceId}. */
  public CodeEditor(String workspaceId, String path) {
    getElement().setAttribute("workspace-id", Objects.requireNonNull(workspaceId, "workspaceId"));
    getElement().setAttribute("path", Objects.requireNonNull(path, "path"));
    setSizeFull();
    forgetFollowWhenStopped();
  }

  /** An editor with no room: it shows {@code content} and nothing typed is kept. */
  public static CodeEditor standalone(String path, String content) {
    CodeEditor editor = new CodeEditor();
    editor.getElement().setAttribute("path", path);
    editor.showStandalone(content);
    return editor;
  }

  private CodeEditor() {
    setSizeFull();
    forgetFollowWhenStopped();
  }

  /**
   * The browser drops the attribute itself; keep the server's copy in step so it can be set again.
   */
  private void forgetFollowWhenStopped() {
    addFollowStoppedListener(event -> getElement().removeAttribute("follow-user"));
  }

  /** Shows {@code content} without a room; combine with {@link #setReadOnly(boolean)}. */
  public void showStandalone(String content) {
    getElement().setAttribute("standalone", true);
    getElement().setProperty("content", content == null ? "" : content);
  }

  /** Whether this editor shows a text without a room. */
  public boolean isStandalone() {
    return getElement().hasAttribute("standalone");
  }

  /** The file path this editor shows. */
  public String getPath() {
    return getElement().getAttribute("path");
  }

  /**
   * Who types here, as other participants see it (awareness {@code user}: label and colours of the
   * remote cursor).
   *
   * @param color a CSS colour for the cursor, e.g. {@code #d33682}
   * @param colorLight the selection colour, usually {@code color} with transparency
   */
  public void setUser(String id, String name, String color, String colorLight) {
    getElement().setAttribute("user-id", id);
    getElement().setAttribute("user-name", name);
    getElement().setAttribute("user-color", color);
    getElement().setAttribute("user-color-light", colorLight);
  }

  /** Read-only: the room is still joined (remote edits and cursors show), typing is off. */
  public void setReadOnly(boolean readOnly) {
    getElement().setAttribute("read-only", readOnly);
  }

  public boolean isReadOnly() {
    return getElement().hasAttribute("read-only");
  }

  public void setTheme(Theme theme) {
    getElement().setAttribute("theme", theme.name().toLowerCase(Locale.ROOT));
  }

  /**
   * Follows a user: whenever their cursor in this file moves, it is scrolled into view. Typing or
   * scrolling here stops following (a {@link FollowStoppedEvent}). {@code null} stops following.
   */
  public void setFollowUser(String userId) {
    if (userId == null) {
      getElement().removeAttribute("follow-user");
    } else {
      getElement().setAttribute("follow-user", userId);
    }
  }

  /** Moves the cursor to {@code line}:{@code column} (1-based; column 0 = line start), scrolls. */
  public void reveal(int line, int column) {
    getElement().callJsFunction("reveal", line, column);
  }

  /**
   * Connects the editor to the workspace's language servers (completion, hover, diagnostics,
   * navigation, rename, formatting; see {@link LanguageServerEvents} for what it asks the page).
   * Call before the editor is shown.
   *
   * @param socketPath the gateway socket, {@code /lsp/{workspaceId}}
   * @param languageId the file's LSP language id, e.g. {@code python}
   */
  public void setLanguageServer(String socketPath, String languageId) {
    getElement().setAttribute("lsp-url", Objects.requireNonNull(socketPath, "socketPath"));
    getElement().setAttribute("lsp-language", Objects.requireNonNull(languageId, "languageId"));
  }

  /**
   * The grammar the editor highlights with, by syntax id ({@code java}, {@code python}, {@code
   * javascript}, {@code jsx}, {@code typescript}, {@code tsx}, {@code cpp}, {@code json}, {@code
   * yaml}, {@code markdown}, {@code xml}, {@code html}, {@code css}, {@code shell}); {@code null}
   * or an unknown id shows plain text. The server chooses it from its languages' file patterns.
   */
  public void setSyntax(String syntax) {
    if (syntax == null) {
      getElement().removeAttribute("syntax");
    } else {
      getElement().setAttribute("syntax", syntax);
    }
  }

  /** The syntax id set by {@link #setSyntax}, or {@code null}. */
  public String getSyntax() {
    return getElement().getAttribute("syntax");
  }

  /** Puts the keyboard focus into the text. */
  public void focus() {
    getElement().callJsFunction("focusEditor");
  }

  public Registration addSaveListener(ComponentEventListener<SaveEvent> listener) {
    return addListener(SaveEvent.class, listener);
  }

  public Registration addConnectionListener(ComponentEventListener<ConnectionEvent> listener) {
    return addListener(ConnectionEvent.class, listener);
  }

  public Registration addFollowStoppedListener(
      ComponentEventListener<FollowStoppedEvent> listener) {
    return addListener(FollowStoppedEvent.class, listener);
  }

  /** Ctrl+S / Cmd+S in the editor. */
  @DomEvent("atelier-save")
  public static class SaveEvent extends ComponentEvent<CodeEditor> {
    public SaveEvent(CodeEditor source, boolean fromClient) {
      super(source, fromClient);
    }
  }

  /** The connection to the room changed. */
  @DomEvent("atelier-connection")
  public static class ConnectionEvent extends ComponentEvent<CodeEditor> {
    private final ConnectionState state;
    private final int code;
    private final String reason;

    public ConnectionEvent(
        CodeEditor source,
        boolean fromClient,
        @EventData("event.detail.state") String state,
        @EventData("event.detail.code || 0") int code,
        @EventData("event.detail.reason") String reason) {
      super(source, fromClient);
      this.state = ConnectionState.parse(state);
      this.code = code;
      this.reason = reason;
    }

    public ConnectionState state() {
      return state;
    }

    /** The server's close code when it ended the connection for good (e.g. 4403), else 0. */
    public int code() {
      return code;
    }

    /** The server's reason for a final close, or {@code null}. */
    public String reason() {
      return reason;
    }
  }

  /** The user typed or scrolled while following someone, which ends following. */
  @DomEvent("follow-stopped")
  public static class FollowStoppedEvent extends ComponentEvent<CodeEditor> {
    private final String userId;

    public FollowStoppedEvent(
        CodeEditor source, boolean fromClient, @EventData("event.detail.userId") String userId) {
      super(source, fromClient);
      this.userId = userId;
    }

    /** Whom the user was following. */
    public String userId() {
      return userId;
    }
  }
}
