package dev.atelier.extensions;

/**
 * A command: an entry of the command palette and/or a key binding on the workbench page.
 *
 * @param id unique identifier, e.g. {@code hello.greet} (see {@link Contributions} for the rules)
 * @param label what the palette shows, e.g. {@code Hello: Greet}
 * @param keybinding written as in menus ({@code Ctrl+Shift+B}, {@code F5}, {@code Alt+ArrowUp}), or
 *     {@code null} for none; on macOS Ctrl also binds Cmd
 * @param palette whether the command palette lists it
 * @param handler what it does; runs on the page's UI thread, so it must return quickly
 */
public record CommandContribution(
    String id, String label, String keybinding, boolean palette, CommandHandler handler) {

  public CommandContribution {
    Ids.id("command id", id);
    Ids.text("command label", label, 120);
    if (keybinding != null) {
      Ids.text("command keybinding", keybinding, 40);
    }
    java.util.Objects.requireNonNull(handler, "handler");
  }

  /** What a command does. */
  @FunctionalInterface
  public interface CommandHandler {

    /** Runs the command for the page {@code context} describes. */
    void run(WorkbenchContext context);
  }
}
