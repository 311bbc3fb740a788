package dev.atelier.ui.terminal;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.ComponentEvent;
import com.vaadin.flow.component.DomEvent;
import com.vaadin.flow.component.EventData;
import com.vaadin.flow.component.HasSize;
import com.vaadin.flow.component.HasStyle;
import com.vaadin.flow.component.Tag;
import com.vaadin.flow.component.dependency.JsModule;
import com.vaadin.flow.component.dependency.NpmPackage;
import com.vaadin.flow.shared.Registration;

/**
 * An xterm.js terminal ({@code <atelier-terminal>}) connected to a terminal WebSocket: UTF-8 and
 * colours, copy (Ctrl+Shift+C) and paste, fitting its container, reconnecting with backoff (the
 * server replays the scrollback on each connect). The socket carries the keystrokes directly
 * between browser and server, not through Vaadin.
 */
@Tag("atelier-terminal")
@JsModule("./atelier/terminal.ts")
@NpmPackage(value = "@xterm/xterm", version = XtermVersions.XTERM)
@NpmPackage(value = "@xterm/addon-fit", version = XtermVersions.ADDON_FIT)
public class TerminalView extends Component implements HasSize, HasStyle {

  /**
   * @param src the socket path relative to the application root, e.g. {@code
   *     terminal/{workspaceId}/{terminalId}}
   */
  public TerminalView(String src) {
    setSrc(src);
    setSizeFull();
  }

  public void setSrc(String src) {
    getElement().setAttribute("src", src);
  }

  public String getSrc() {
    return getElement().getAttribute("src");
  }

  /** Moves the keyboard focus into the terminal. */
  public void focus() {
    getElement().callJsFunction("focus");
  }

  /** Called when the terminal's shell ended (the component shows it and stops reconnecting). */
  public Registration addExitListener(
      com.vaadin.flow.component.ComponentEventListener<ExitEvent> listener) {
    return addListener(ExitEvent.class, listener);
  }

  /** The shell of the terminal ended. */
  @DomEvent("terminal-exited")
  public static class ExitEvent extends ComponentEvent<TerminalView> {
    private final int exitCode;

    public ExitEvent(
        TerminalView source, boolean fromClient, @EventData("event.detail.exitCode") int exitCode) {
      super(source, fromClient);
      this.exitCode = exitCode;
    }

    public int getExitCode() {
      return exitCode;
    }
  }
}
