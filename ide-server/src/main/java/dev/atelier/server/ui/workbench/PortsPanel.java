package dev.atelier.server.ui.workbench;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.AnchorTarget;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import dev.atelier.runtime.spi.ListeningPort;
import dev.atelier.server.ports.WorkspacePorts;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ports the workspace's processes listen on (port, address, process), re-read every two seconds
 * while the panel is on screen, each with a link that opens its preview in a new browser tab: the
 * link ({@code /w/{workspaceId}/port/{port}/}) checks access and redirects to the preview's own
 * host name with a one-time ticket.
 */
public class PortsPanel extends VerticalLayout {

  private static final Logger log = LoggerFactory.getLogger(PortsPanel.class);
  static final long REFRESH_MILLIS = 2000;

  private final Workbench workbench;
  private final WorkspacePorts ports;
  private final Grid<ListeningPort> grid = new Grid<>();
  private final Span empty = new Span("No ports yet. Start a server in the terminal, e.g.");
  private List<ListeningPort> shown = List.of();
  private ScheduledFuture<?> polling;

  public PortsPanel(Workbench workbench, WorkspacePorts ports) {
    this.workbench = workbench;
    this.ports = ports;
    setPadding(false);
    setSpacing(false);
    setSizeFull();
    getElement().setAttribute("data-testid", "ports-panel");
    grid.addColumn(ListeningPort::port).setHeader("Port").setAutoWidth(true).setFlexGrow(0);
    grid.addColumn(ListeningPort::address).setHeader("Address").setAutoWidth(true);
    grid.addColumn(p -> p.process().isEmpty() ? "—" : p.process()).setHeader("Process");
    grid.addComponentColumn(this::previewLink).setHeader("").setAutoWidth(true).setFlexGrow(0);
    grid.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_ROW_STRIPES);
    grid.setSizeFull();
    empty.getElement().setAttribute("data-testid", "ports-empty");
    Span example = new Span(" python3 -m http.server 8000");
    example.getStyle().set("font-family", "var(--lumo-font-family-monospace)");
    empty.add(example);
    empty
        .getStyle()
        .set("padding", "var(--lumo-space-s)")
        .set("color", "var(--lumo-secondary-text-color)");
    add(empty, grid);
    show(List.of());
  }

  private Anchor previewLink(ListeningPort port) {
    Anchor link = new Anchor(previewPath(workbench.workspace().id(), port.port()), "Open preview");
    link.setTarget(AnchorTarget.BLANK);
    link.getElement().setAttribute("rel", "noopener");
    link.getElement().setAttribute("data-testid", "port-preview-" + port.port());
    link.addComponentAsFirst(VaadinIcon.EXTERNAL_LINK.create());
    return link;
  }

  /** The preview address of a port, relative to the application's base URL. */
  public static String previewPath(String workspaceId, int port) {
    return "w/" + workspaceId + "/port/" + port + "/";
  }

  /** Reads the ports now (off the UI thread) and shows them. */
  void refresh() {
    List<ListeningPort> current;
    try {
      current = ports.list(workbench.user().userId(), workbench.workspace().id());
    } catch (RuntimeException e) {
      log.debug("Listing the ports of {} failed", workbench.workspace().id(), e);
      current = List.of();
    }
    if (!current.equals(shown)) {
      List<ListeningPort> update = current;
      FilePanels.push(workbench.ui(), () -> show(update));
    }
  }

  private void show(List<ListeningPort> list) {
    shown = list;
    grid.setItems(list);
    grid.setVisible(!list.isEmpty());
    empty.setVisible(list.isEmpty());
  }

  @Override
  protected void onAttach(AttachEvent event) {
    super.onAttach(event);
    polling =
        FilePanels.SCHEDULER.scheduleWithFixedDelay(
            this::refresh, 0, REFRESH_MILLIS, TimeUnit.MILLISECONDS);
  }

  @Override
  protected void onDetach(DetachEvent event) {
    if (polling != null) {
      polling.cancel(false);
      polling = null;
    }
    super.onDetach(event);
  }
}
