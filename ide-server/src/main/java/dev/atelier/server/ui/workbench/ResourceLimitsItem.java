package dev.atelier.server.ui.workbench;

import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import dev.atelier.server.workspace.WorkspaceResources;
import java.util.stream.Collectors;

/**
 * The status bar's resource limits: what the running workspace got, and, when its stack asked for
 * more than this server allows, a warning whose tooltip (and click) says what was limited, e.g.
 * "Memory limited to 4 GiB by this server (the stack asked for 100 TiB)".
 */
final class ResourceLimitsItem extends Span {

  private final Span text = new Span();
  private String details = "";

  ResourceLimitsItem() {
    setId("status-limits");
    addClassName("atelier-status-clickable");
    add(VaadinIcon.DASHBOARD.create(), text);
    setVisible(false);
    addClickListener(event -> WorkbenchNotices.info(details));
  }

  /** Shows a start's limits; {@code null} hides the item (stopped, not started here). */
  void show(WorkspaceResources resources) {
    setVisible(resources != null);
    if (resources == null) {
      return;
    }
    boolean clamped = resources.clamped();
    text.setText(resources.summary() + (clamped ? " (limited by this server)" : ""));
    getElement().setAttribute("data-clamped", Boolean.toString(clamped));
    setClassName("atelier-status-warning", clamped);
    details =
        resources.adjustments().isEmpty()
            ? "Limits: " + resources.summary() + ", as the stack asks"
            : resources.adjustments().stream()
                .map(WorkspaceResources.Adjustment::message)
                .collect(Collectors.joining("\n"));
    getElement().setAttribute("title", details);
  }

  /** The visible text (for tests). */
  String text() {
    return isVisible() ? text.getText() : "";
  }

  /** What the tooltip and the click say (for tests). */
  String details() {
    return details;
  }
}
