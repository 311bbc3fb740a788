package dev.atelier.server.ui.workbench;

import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import dev.atelier.runtime.spi.Phase;
import dev.atelier.server.problems.Problem;
import dev.atelier.ui.editor.CodeEditor.ConnectionState;
import java.util.List;
import java.util.Locale;

/**
 * The line at the bottom of the workbench: workspace phase, git branch, problem counts, the active
 * editor's connection state and its file.
 */
final class StatusBar extends Div {

  private final Span phase = new Span();
  private final Span branch = new Span();
  private final Span problems = new Span();
  private final Span file = new Span();
  private final Span connection = new Span();

  StatusBar(Runnable onProblemsClick) {
    setId("status-bar");
    addClassName("atelier-status-bar");
    phase.setId("status-phase");
    branch.setId("status-branch");
    branch.setVisible(false);
    problems.setId("status-problems");
    problems.addClassName("atelier-status-clickable");
    problems.getElement().setAttribute("title", "Problems");
    problems.addClickListener(event -> onProblemsClick.run());
    file.setId("status-file");
    connection.setId("status-connection");
    connection.setVisible(false);
    Div start = new Div(phase, branch, problems);
    start.addClassName("atelier-status-start");
    startItems = start;
    Div end = new Div(file, connection);
    end.addClassName("atelier-status-end");
    add(start, end);
    showProblems(List.of());
  }

  private Div startItems;

  /** Adds a contributed item after the built-in ones on the left. */
  void addItem(com.vaadin.flow.component.Component item) {
    startItems.add(item);
  }

  void showPhase(Phase value) {
    String name = value.name().toLowerCase(Locale.ROOT);
    phase.setText(Character.toUpperCase(name.charAt(0)) + name.substring(1));
    phase.getElement().setAttribute("data-phase", value.name());
  }

  /** The branch of the workspace's repository, or {@code null} when it has none. */
  void showBranch(String name) {
    branch.setVisible(name != null);
    branch.removeAll();
    if (name != null) {
      branch.add(VaadinIcon.ROAD_BRANCH.create(), new Span(name));
      branch.getElement().setAttribute("data-branch", name);
    }
  }

  void showProblems(List<Problem> list) {
    long errors = list.stream().filter(p -> p.severity() == Problem.Severity.ERROR).count();
    long warnings = list.stream().filter(p -> p.severity() == Problem.Severity.WARNING).count();
    problems.removeAll();
    problems.add(
        VaadinIcon.CLOSE_CIRCLE_O.create(),
        count(errors, "errors"),
        VaadinIcon.WARNING.create(),
        count(warnings, "warnings"));
    problems.getElement().setAttribute("data-errors", String.valueOf(errors));
    problems.getElement().setAttribute("data-warnings", String.valueOf(warnings));
  }

  /** The active editor's file and connection; {@code null} when no file is open. */
  void showEditor(String path, ConnectionState state, boolean readOnly) {
    file.setText(path == null ? "" : path + (readOnly ? " (read-only)" : ""));
    connection.setVisible(path != null && state != null);
    if (state != null) {
      connection.setText(
          switch (state) {
            case CONNECTING -> "Connecting…";
            case CONNECTED -> "Connected";
            case SYNCED -> "Live";
            case DISCONNECTED -> "Offline (reconnecting)";
          });
      connection.getElement().setAttribute("data-state", state.name().toLowerCase(Locale.ROOT));
    }
  }

  private static Span count(long n, String what) {
    Span span = new Span(String.valueOf(n));
    span.getElement().setAttribute("data-testid", what);
    return span;
  }
}
