package dev.atelier.server.ui.workbench;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.splitlayout.SplitLayout;
import com.vaadin.flow.component.tabs.Tab;
import com.vaadin.flow.component.tabs.TabSheet;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The body of the workbench around the editor area: activity bar and resizable side panel on the
 * left, resizable bottom panel with tabs below. Areas without panels take no space at all.
 */
final class PanelLayout extends Div {

  private record SidePanel(String label, Button activity, Component component) {}

  private final Component editorArea;
  private final Div activityBar = new Div();
  private final Div sideHost = new Div();
  private final Span sideTitle = new Span();
  private final TabSheet bottom = new TabSheet();
  private final Map<String, SidePanel> side = new LinkedHashMap<>();
  private final Map<String, Tab> bottomTabs = new LinkedHashMap<>();
  private String activeSide;
  private boolean sideVisible = true;
  private boolean bottomVisible = true;

  PanelLayout(Component editorArea) {
    this.editorArea = editorArea;
    addClassName("atelier-wb-body");
    activityBar.setId("activity-bar");
    activityBar.addClassName("atelier-activity-bar");
    sideHost.setId("side-panel");
    sideHost.addClassName("atelier-side-panel");
    sideTitle.addClassName("atelier-side-title");
    sideHost.add(sideTitle);
    bottom.setId("bottom-panel");
    bottom.addClassName("atelier-bottom-panel");
    bottom.setSizeFull();
    relayout();
  }

  void addSidePanel(String id, String label, VaadinIcon icon, Component component) {
    if (side.containsKey(id)) {
      throw new IllegalArgumentException("A side panel with id '" + id + "' is already there");
    }
    Button activity = new Button(icon.create());
    activity.setId("activity-" + id);
    activity.addThemeVariants(ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_ICON);
    activity.setTooltipText(label);
    activity.getElement().setAttribute("aria-label", label);
    activity.addClickListener(event -> toggleSide(id));
    activityBar.add(activity);
    component.getElement().setAttribute("data-panel", id);
    component.setVisible(false);
    sideHost.add(component);
    side.put(id, new SidePanel(label, activity, component));
    if (activeSide == null) {
      showSide(id);
    }
    relayout();
  }

  void addBottomPanel(String id, String label, Component component) {
    if (bottomTabs.containsKey(id)) {
      throw new IllegalArgumentException("A bottom panel with id '" + id + "' is already there");
    }
    component.getElement().setAttribute("data-panel", id);
    Tab tab = bottom.add(label, component);
    tab.setId("bottom-tab-" + id);
    bottomTabs.put(id, tab);
    relayout();
  }

  boolean hasSidePanel(String id) {
    return side.containsKey(id);
  }

  boolean hasBottomPanel(String id) {
    return bottomTabs.containsKey(id);
  }

  Iterable<String> sidePanelIds() {
    return side.keySet();
  }

  /** Shows the side panel {@code id} (opening the side area if it was collapsed). */
  void showSide(String id) {
    SidePanel panel = side.get(id);
    if (panel == null) {
      throw new IllegalArgumentException("No side panel with id '" + id + "'");
    }
    side.forEach(
        (key, p) -> {
          boolean on = key.equals(id);
          p.component().setVisible(on);
          p.activity().getElement().setAttribute("active", on);
        });
    activeSide = id;
    sideTitle.setText(panel.label());
    if (!sideVisible) {
      sideVisible = true;
      relayout();
    }
  }

  /** Shows the bottom panel {@code id} (opening the bottom area if it was collapsed). */
  void showBottom(String id) {
    Tab tab = bottomTabs.get(id);
    if (tab == null) {
      throw new IllegalArgumentException("No bottom panel with id '" + id + "'");
    }
    bottom.setSelectedTab(tab);
    if (!bottomVisible) {
      bottomVisible = true;
      relayout();
    }
  }

  void toggleSideArea() {
    sideVisible = !sideVisible;
    relayout();
  }

  void toggleBottomArea() {
    bottomVisible = !bottomVisible;
    relayout();
  }

  private void toggleSide(String id) {
    if (id.equals(activeSide) && sideVisible) {
      toggleSideArea();
    } else {
      showSide(id);
    }
  }

  /**
   * Rebuilds the nesting: split layouts only where both sides have content. Moving the editor area
   * re-attaches it in the same round trip, which the editors survive (they keep their rooms).
   */
  private void relayout() {
    removeAll();
    Component center = editorArea;
    if (!bottomTabs.isEmpty() && bottomVisible) {
      SplitLayout vertical = new SplitLayout(editorArea, bottom, SplitLayout.Orientation.VERTICAL);
      vertical.setSplitterPosition(70);
      vertical.addClassName("atelier-center-split");
      vertical.setSizeFull();
      center = vertical;
    }
    if (!side.isEmpty()) {
      add(activityBar);
    }
    if (!side.isEmpty() && sideVisible) {
      SplitLayout horizontal = new SplitLayout(sideHost, center);
      horizontal.setSplitterPosition(22);
      horizontal.addClassName("atelier-main-split");
      horizontal.setSizeFull();
      add(horizontal);
    } else {
      Div wrapper = new Div(center);
      wrapper.addClassName("atelier-center");
      add(wrapper);
    }
  }
}
