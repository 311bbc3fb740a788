package dev.atelier.server.ui;

import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.progressbar.ProgressBar;
import dev.atelier.runtime.spi.Condition;
import dev.atelier.runtime.spi.Phase;
import java.util.List;

/**
 * A workspace's phase as a badge, with a progress bar while it starts or stops and the condition
 * message when it failed. Shared by the dashboard rows and the workspace page.
 */
public class WorkspaceStatus extends Div {

  private final PhaseBadge badge;
  private final ProgressBar progress = new ProgressBar();
  private final Span progressText = new Span();
  private final Span message = new Span();
  private final Div progressBox;

  public WorkspaceStatus(Phase phase, List<Condition> conditions) {
    addClassName("atelier-status");
    badge = new PhaseBadge(phase);
    progress.addClassName("atelier-progress");
    progressText.addClassName("atelier-progress-text");
    progressBox = new Div(progress, progressText);
    progressBox.addClassName("atelier-progress-box");
    progressBox.getElement().setAttribute("data-testid", "progress");
    message.addClassName("atelier-condition");
    message.getElement().setAttribute("data-testid", "condition");
    add(badge, progressBox, message);
    show(phase, conditions);
  }

  public final void show(Phase phase, List<Condition> conditions) {
    PhaseStyle style = PhaseStyle.of(phase);
    badge.setPhase(phase);
    progressBox.setVisible(style.inProgress());
    progress.setIndeterminate(!style.determinate());
    if (style.determinate()) {
      progress.setValue(style.progress());
    }
    // While starting, the runtime's latest condition (e.g. "cloning: 42%") says more than the step.
    Condition latest = conditions.isEmpty() ? null : conditions.get(conditions.size() - 1);
    progressText.setText(
        latest != null && style.inProgress()
            ? style.progressText() + " · " + latest.message()
            : style.progressText());
    boolean failed = phase == Phase.FAILED;
    message.setVisible(failed && !conditions.isEmpty());
    message.setText(failed ? describe(conditions) : "");
  }

  /** {@code cloneFailed: repository not found}, one line per condition. */
  static String describe(List<Condition> conditions) {
    return String.join("\n", conditions.stream().map(Condition::toString).toList());
  }
}
