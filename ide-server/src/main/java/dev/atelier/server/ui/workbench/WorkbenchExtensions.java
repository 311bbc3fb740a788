package dev.atelier.server.ui.workbench;

import dev.atelier.extensions.PanelContribution;
import dev.atelier.extensions.PanelContribution.Location;
import dev.atelier.extensions.WorkbenchContext;
import dev.atelier.extensions.host.BuiltinExtension;
import dev.atelier.server.account.AccountService;
import dev.atelier.server.account.UserAccount;
import dev.atelier.server.files.FileSearch;
import dev.atelier.server.files.FileService;
import dev.atelier.server.files.FileWatches;
import dev.atelier.server.ports.WorkspacePorts;
import dev.atelier.server.problems.WorkspaceProblems;
import dev.atelier.server.sharing.SharingService;
import dev.atelier.server.tasks.TaskRunner;
import dev.atelier.server.terminal.TerminalService;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

/**
 * The workbench's built-in features as extensions, through the same contribution points as a
 * third-party jar: files (explorer, search with quick open, ports), terminal and tasks (terminal,
 * build log, problems) and sharing (people with presence and following, "Workspace: Share…"). Their
 * panels are Vaadin components that use the server's {@link Workbench} page interface, which they
 * get from {@link WorkbenchContext#host}. Services are looked up when a page opens, so these beans
 * do not depend on services that themselves use the extensions.
 */
@Configuration(proxyBeanMethods = false)
class WorkbenchExtensions {

  @Bean
  @Order(0)
  BuiltinExtension filesExtension(
      ObjectProvider<FileService> files,
      ObjectProvider<FileSearch> search,
      ObjectProvider<FileWatches> watches,
      ObjectProvider<WorkspacePorts> ports) {
    return new BuiltinExtension(
        "atelier.files",
        c ->
            c.panel(
                    new PanelContribution(
                        "explorer",
                        "Explorer",
                        "folder-o",
                        Location.SIDE,
                        0,
                        ctx -> new FileExplorer(page(ctx), files.getObject(), watches.getObject())))
                .panel(
                    new PanelContribution(
                        "search",
                        "Search",
                        "search",
                        Location.SIDE,
                        10,
                        ctx -> {
                          Workbench workbench = page(ctx);
                          SearchPanel panel = new SearchPanel(workbench, search.getObject());
                          panel.setRevealAction(() -> workbench.showSidePanel("search"));
                          // Quick open (Ctrl+P) registers its own command with the page.
                          new QuickOpenDialog(workbench, search.getObject(), watches.getObject());
                          return panel;
                        }))
                .panel(
                    new PanelContribution(
                        "ports",
                        "Ports",
                        null,
                        Location.BOTTOM,
                        0,
                        ctx -> new PortsPanel(page(ctx), ports.getObject()))));
  }

  @Bean
  @Order(20)
  BuiltinExtension terminalAndTasksExtension(
      ObjectProvider<TerminalService> terminals,
      ObjectProvider<TaskRunner> tasks,
      ObjectProvider<WorkspaceProblems> problems) {
    return new BuiltinExtension(
        "atelier.terminal-tasks",
        c ->
            c.panel(
                    new PanelContribution(
                        "terminal",
                        "Terminal",
                        null,
                        Location.BOTTOM,
                        20,
                        ctx -> {
                          Workbench workbench = page(ctx);
                          TerminalPanel panel = new TerminalPanel(workbench, terminals.getObject());
                          panel.setRevealer(() -> workbench.showBottomPanel("terminal"));
                          return panel;
                        }))
                .panel(
                    new PanelContribution(
                        "build-log",
                        "Build log",
                        null,
                        Location.BOTTOM,
                        21,
                        ctx -> {
                          Workbench workbench = page(ctx);
                          BuildLogPanel panel = new BuildLogPanel(workbench, tasks.getObject());
                          panel.setRevealer(() -> workbench.showBottomPanel("build-log"));
                          return panel;
                        }))
                .panel(
                    new PanelContribution(
                        "problems",
                        "Problems",
                        null,
                        Location.BOTTOM,
                        22,
                        ctx -> new ProblemsPanel(page(ctx), problems.getObject()))));
  }

  @Bean
  @Order(60)
  BuiltinExtension sharingExtension(
      ObjectProvider<SharingService> sharing, ObjectProvider<AccountService> accounts) {
    return new BuiltinExtension(
        "atelier.sharing",
        c ->
            c.panel(
                new PanelContribution(
                    "people",
                    "People",
                    "users",
                    Location.SIDE,
                    60,
                    ctx -> {
                      Workbench workbench = page(ctx);
                      String name =
                          accounts
                              .getObject()
                              .findById(ctx.userId())
                              .map(UserAccount::displayName)
                              .orElse(ctx.userName());
                      PresencePanel presence = new PresencePanel(workbench, name);
                      presence.addFollowListener(workbench::followUser);
                      workbench.addActiveFileListener(presence::setActiveFile);
                      presence.setActiveFile(workbench.activeFile());
                      workbench.addFollowStoppedListener(presence::followStopped);
                      // The connection lives on the page, so the user is present while the panel
                      // is closed.
                      workbench.addToPage(presence.list());
                      ShareDialog.register(workbench, sharing.getObject(), accounts.getObject());
                      return presence;
                    })));
  }

  private static Workbench page(WorkbenchContext context) {
    return context
        .host(Workbench.class)
        .orElseThrow(() -> new IllegalStateException("not an Atelier workbench page"));
  }
}
