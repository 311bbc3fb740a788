package dev.atelier.server.ui.workbench;

import dev.atelier.server.problems.WorkspaceProblems;
import dev.atelier.server.tasks.TaskRunner;
import dev.atelier.server.terminal.TerminalService;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Puts the Terminal, Build log and Problems tabs into the workbench's bottom panel; their commands
 * reveal their tab (a new terminal from the palette shows the Terminal tab, a task run the Build
 * log).
 */
@Component
@Order(20)
class TerminalTasksContribution implements WorkbenchContribution {

  private final TerminalService terminals;
  private final TaskRunner tasks;
  private final WorkspaceProblems problems;

  TerminalTasksContribution(
      TerminalService terminals, TaskRunner tasks, WorkspaceProblems problems) {
    this.terminals = terminals;
    this.tasks = tasks;
    this.problems = problems;
  }

  @Override
  public void contribute(WorkbenchView workbench) {
    TerminalPanel terminal = new TerminalPanel(workbench, terminals);
    terminal.setRevealer(() -> workbench.showBottomPanel("terminal"));
    BuildLogPanel buildLog = new BuildLogPanel(workbench, tasks);
    buildLog.setRevealer(() -> workbench.showBottomPanel("build-log"));
    workbench.addBottomPanel("terminal", "Terminal", terminal);
    workbench.addBottomPanel("build-log", "Build log", buildLog);
    workbench.addBottomPanel("problems", "Problems", new ProblemsPanel(workbench, problems));
  }
}
