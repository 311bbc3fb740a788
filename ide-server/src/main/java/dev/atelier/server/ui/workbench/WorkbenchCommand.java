package dev.atelier.server.ui.workbench;

/**
 * An entry of the command palette.
 *
 * @param id stable identifier, e.g. {@code terminal.new}
 * @param label what the palette shows, e.g. {@code Terminal: New Terminal}
 * @param shortcut the key binding in the form {@code Ctrl+Shift+B}, or {@code null} for none
 * @param action what it does; runs on the UI thread
 */
public record WorkbenchCommand(String id, String label, String shortcut, Runnable action) {}
