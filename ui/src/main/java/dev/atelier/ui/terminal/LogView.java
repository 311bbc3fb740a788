package dev.atelier.ui.terminal;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.HasSize;
import com.vaadin.flow.component.HasStyle;
import com.vaadin.flow.component.Tag;
import com.vaadin.flow.component.dependency.JsModule;
import com.vaadin.flow.component.dependency.NpmPackage;

/**
 * A read-only xterm.js build log ({@code <atelier-log>}) connected to a task output WebSocket: a
 * header per run, its output with ANSI colours, and a footer with the exit code and duration.
 */
@Tag("atelier-log")
@JsModule("./atelier/log.ts")
@NpmPackage(value = "@xterm/xterm", version = XtermVersions.XTERM)
@NpmPackage(value = "@xterm/addon-fit", version = XtermVersions.ADDON_FIT)
public class LogView extends Component implements HasSize, HasStyle {

  /**
   * @param src the socket path relative to the application root, e.g. {@code tasks/{workspaceId}}
   */
  public LogView(String src) {
    getElement().setAttribute("src", src);
    setSizeFull();
  }

  /** Clears the screen; the server keeps the runs, so a reload shows them again. */
  public void clear() {
    getElement().callJsFunction("clear");
  }
}
