package dev.atelier.extensions;

import java.util.Objects;

/**
 * A panel of the workbench: a side panel with an icon in the activity bar, or a tab of the bottom
 * panel. The factory runs once per page, when the page opens, and returns the host's UI component
 * (in Atelier: a {@code com.vaadin.flow.component.Component}; components with their own browser
 * code must be part of the server's front-end bundle).
 *
 * @param id unique identifier; Atelier gives the icon the element id {@code activity-<id>} and the
 *     bottom tab {@code bottom-tab-<id>}
 * @param label the panel's title
 * @param icon the icon of a side panel, by name (Atelier: a Vaadin icon such as {@code folder-o});
 *     ignored for bottom panels
 * @param location where the panel goes
 * @param order position among the panels of its location, lower first (the built-ins use 0-100)
 * @param factory creates the panel's component for a page
 */
public record PanelContribution(
    String id, String label, String icon, Location location, int order, PanelFactory factory) {

  /** Where a panel goes. */
  public enum Location {
    SIDE,
    BOTTOM
  }

  public PanelContribution {
    Ids.id("panel id", id);
    Ids.text("panel label", label, 60);
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(factory, "factory");
    if (location == Location.SIDE) {
      Ids.id("side panel icon", icon);
    }
  }

  /** Creates a panel's component for one page. */
  @FunctionalInterface
  public interface PanelFactory {

    /** A fresh component for the page {@code context} describes. */
    Object create(WorkbenchContext context);
  }
}
