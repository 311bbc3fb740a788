package dev.atelier.server.ui.workbench;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.Icon;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.data.renderer.ComponentRenderer;
import dev.atelier.server.problems.Problem;
import dev.atelier.server.problems.Problem.Severity;
import dev.atelier.server.problems.WorkspaceProblems;
import java.util.List;

/**
 * The Problems tab of the bottom panel: every problem of the workspace (task problem matchers and
 * language servers), errors first, updated live; clicking one opens the file at its position.
 */
public class ProblemsPanel extends VerticalLayout {

  private final Workbench workbench;
  private final WorkspaceProblems problems;
  private final Grid<Problem> grid = new Grid<>();
  private final Span summary = new Span();
  private AutoCloseable subscription;

  public ProblemsPanel(Workbench workbench, WorkspaceProblems problems) {
    this.workbench = workbench;
    this.problems = problems;
    addClassName("atelier-problems-panel");
    setPadding(false);
    setSpacing(false);
    setSizeFull();

    grid.addColumn(new ComponentRenderer<>(ProblemsPanel::icon))
        .setHeader("")
        .setWidth("3em")
        .setFlexGrow(0);
    grid.addColumn(Problem::message).setHeader("Problem").setFlexGrow(4);
    grid.addColumn(Problem::path).setHeader("File").setFlexGrow(2);
    grid.addColumn(ProblemsPanel::position).setHeader("Line").setWidth("6em").setFlexGrow(0);
    grid.addColumn(Problem::source).setHeader("Source").setWidth("7em").setFlexGrow(0);
    grid.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_ROW_STRIPES);
    grid.setSizeFull();
    grid.addItemClickListener(
        e -> workbench.openFile(e.getItem().path(), e.getItem().line(), e.getItem().column()));
    grid.setEmptyStateText("No problems have been detected in the workspace.");
    summary.addClassName("atelier-problems-summary");
    summary
        .getStyle()
        .set("font-size", "var(--lumo-font-size-s)")
        .set("padding", "0 var(--lumo-space-s)");
    add(summary, grid);
    setFlexGrow(1, grid);
    show(problems.list(workbench.workspace().id()));
  }

  @Override
  protected void onAttach(AttachEvent attachEvent) {
    super.onAttach(attachEvent);
    UI ui = attachEvent.getUI();
    String workspaceId = workbench.workspace().id();
    subscription = problems.subscribe(workspaceId, list -> ui.access(() -> show(list)));
    show(problems.list(workspaceId));
  }

  @Override
  protected void onDetach(DetachEvent detachEvent) {
    if (subscription != null) {
      try {
        subscription.close();
      } catch (Exception e) {
        // unsubscribing from an in-memory list does not fail
      }
      subscription = null;
    }
    super.onDetach(detachEvent);
  }

  private void show(List<Problem> list) {
    grid.setItems(list);
    summary.setText(summarize(list));
  }

  /** "2 errors, 1 warning" (what the panel header and the status bar show). */
  public static String summarize(List<Problem> list) {
    long errors = list.stream().filter(p -> p.severity() == Severity.ERROR).count();
    long warnings = list.stream().filter(p -> p.severity() == Severity.WARNING).count();
    long infos = list.size() - errors - warnings;
    String text = plural(errors, "error") + ", " + plural(warnings, "warning");
    return infos > 0 ? text + ", " + plural(infos, "info") : text;
  }

  private static String plural(long n, String word) {
    return n + " " + word + (n == 1 || word.equals("info") ? "" : "s");
  }

  static String position(Problem problem) {
    return problem.column() > 0 ? problem.line() + ":" + problem.column() : "" + problem.line();
  }

  private static Icon icon(Problem problem) {
    Icon icon =
        switch (problem.severity()) {
          case ERROR -> VaadinIcon.CLOSE_CIRCLE.create();
          case WARNING -> VaadinIcon.WARNING.create();
          case INFO -> VaadinIcon.INFO_CIRCLE.create();
        };
    icon.setColor(
        switch (problem.severity()) {
          case ERROR -> "var(--lumo-error-color)";
          case WARNING -> "var(--lumo-warning-color, #e8a317)";
          case INFO -> "var(--lumo-primary-color)";
        });
    icon.setSize("var(--lumo-icon-size-s)");
    icon.getElement()
        .setAttribute("aria-label", problem.severity().name().toLowerCase(java.util.Locale.ROOT));
    return icon;
  }
}
