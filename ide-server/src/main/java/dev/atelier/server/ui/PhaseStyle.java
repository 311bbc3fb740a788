package dev.atelier.server.ui;

import dev.atelier.runtime.spi.Phase;
import java.util.Locale;

/**
 * How a workspace phase looks on screen: the badge text and Lumo badge theme, and whether (and how
 * far) a progress bar is shown. Kept apart from the components so the mapping is unit-testable.
 *
 * @param label the badge text, e.g. {@code Running}
 * @param badgeTheme the value of the badge's {@code theme} attribute
 * @param inProgress whether a progress bar is shown (the workspace is on its way somewhere)
 * @param progress the bar's value in 0..1, or {@code -1} for an indeterminate bar
 * @param progressText what the bar says, e.g. {@code Step 2 of 3: creating the workspace}
 */
record PhaseStyle(
    String label, String badgeTheme, boolean inProgress, double progress, String progressText) {

  /** The number of steps a start goes through before RUNNING: pending, creating, initializing. */
  static final int START_STEPS = 3;

  static PhaseStyle of(Phase phase) {
    String label = label(phase);
    return switch (phase) {
      case PENDING -> starting(label, "badge", 1, "waiting to be scheduled");
      case CREATING -> starting(label, "badge", 2, "creating the workspace");
      case INITIALIZING -> starting(label, "badge", 3, "initializing content");
      case RUNNING -> new PhaseStyle(label, "badge success", false, 1, "");
      case STOPPING -> new PhaseStyle(label, "badge contrast", true, -1, "Stopping processes");
      case STOPPED -> new PhaseStyle(label, "badge contrast", false, 0, "");
      case FAILED -> new PhaseStyle(label, "badge error", false, 0, "");
    };
  }

  /** The phase name in sentence case: {@code INITIALIZING} becomes {@code Initializing}. */
  static String label(Phase phase) {
    String name = phase.name().toLowerCase(Locale.ROOT);
    return Character.toUpperCase(name.charAt(0)) + name.substring(1);
  }

  /** Whether the bar has a definite value. */
  boolean determinate() {
    return progress >= 0;
  }

  private static PhaseStyle starting(String label, String theme, int step, String what) {
    // The bar never shows 0 or 100 %: a started workspace has begun, and RUNNING hides the bar.
    double value = (double) step / (START_STEPS + 1);
    String text = "Step " + step + " of " + START_STEPS + ": " + what;
    return new PhaseStyle(label, theme, true, value, text);
  }
}
