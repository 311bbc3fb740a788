package dev.atelier.extensions;

import java.util.Objects;

/**
 * An item of the workbench's status bar: a short text, computed when a page opens, optionally
 * running a command when clicked. Atelier gives it the element id {@code status-item-<id>}.
 *
 * @param id unique identifier
 * @param tooltip shown on hover, or {@code null}
 * @param commandId the command a click runs, or {@code null}
 * @param order position among the contributed items, lower first
 * @param text the item's text for a page (at most 80 characters are shown)
 */
public record StatusItemContribution(
    String id, String tooltip, String commandId, int order, StatusText text) {

  public StatusItemContribution {
    Ids.id("status item id", id);
    if (tooltip != null) {
      Ids.text("status item tooltip", tooltip, 200);
    }
    if (commandId != null) {
      Ids.id("status item command", commandId);
    }
    Objects.requireNonNull(text, "text");
  }

  /** The text of a status item for one page. */
  @FunctionalInterface
  public interface StatusText {

    String text(WorkbenchContext context);
  }
}
