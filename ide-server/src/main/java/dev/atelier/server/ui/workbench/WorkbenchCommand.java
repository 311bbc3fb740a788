package dev.atelier.server.ui.workbench;

/**
 * A command of the workbench page: an entry of the command palette and/or a key binding.
 *
 * @param id stable identifier, e.g. {@code terminal.new}
 * @param label what the palette shows, e.g. {@code Terminal: New Terminal}
 * @param shortcut the key binding in the form {@code Ctrl+Shift+B}, or {@code null} for none
 * @param action what it does; runs on the UI thread
 * @param palette whether the command palette lists it (a command without is reached by its shortcut
 *     only)
 */
public record WorkbenchCommand(
    String id, String label, String shortcut, Runnable action, boolean palette) {

  /** A command the palette lists. */
  public WorkbenchCommand(String id, String label, String shortcut, Runnable action) {
    this(id, label, shortcut, action, true);
  }
}
