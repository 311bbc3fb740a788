package dev.atelier.server.ui.workbench;

import com.vaadin.flow.component.icon.VaadinIcon;
import dev.atelier.server.files.FileSearch;
import dev.atelier.server.files.FileService;
import dev.atelier.server.files.FileWatches;
import dev.atelier.server.ports.WorkspacePorts;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Mounts the file features on every workbench page: the explorer (the first side panel, shown when
 * the page opens), search across files, quick open (Ctrl+P) and the Ports bottom panel.
 */
@Component
@Order(0)
class FilesContribution implements WorkbenchContribution {

  private final FileService files;
  private final FileSearch search;
  private final FileWatches watches;
  private final WorkspacePorts ports;

  FilesContribution(
      FileService files, FileSearch search, FileWatches watches, WorkspacePorts ports) {
    this.files = files;
    this.search = search;
    this.watches = watches;
    this.ports = ports;
  }

  @Override
  public void contribute(WorkbenchView workbench) {
    workbench.addSidePanel(
        "explorer", "Explorer", VaadinIcon.FOLDER_O, new FileExplorer(workbench, files, watches));
    SearchPanel searchPanel = new SearchPanel(workbench, search);
    workbench.addSidePanel("search", "Search", VaadinIcon.SEARCH, searchPanel);
    searchPanel.setRevealAction(() -> workbench.showSidePanel("search"));
    new QuickOpenDialog(workbench, search, watches);
    workbench.addBottomPanel("ports", "Ports", new PortsPanel(workbench, ports));
  }
}
