package dev.atelier.server.ui;

import com.vaadin.flow.component.html.Span;
import dev.atelier.runtime.spi.Phase;

/** A Lumo badge showing a workspace phase; {@code data-phase} carries the phase for tests. */
class PhaseBadge extends Span {

  PhaseBadge(Phase phase) {
    addClassName("atelier-phase");
    setPhase(phase);
  }

  void setPhase(Phase phase) {
    PhaseStyle style = PhaseStyle.of(phase);
    setText(style.label());
    getElement().setAttribute("theme", style.badgeTheme());
    getElement().setAttribute("data-phase", phase.name());
  }
}
