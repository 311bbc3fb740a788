package dev.atelier.server.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.runtime.spi.Phase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class PhaseStyleTests {

  @Test
  void runningIsASuccessBadgeWithoutProgress() {
    PhaseStyle style = PhaseStyle.of(Phase.RUNNING);
    assertThat(style.label()).isEqualTo("Running");
    assertThat(style.badgeTheme()).isEqualTo("badge success");
    assertThat(style.inProgress()).isFalse();
  }

  @Test
  void stoppedIsAContrastBadgeAndFailedAnErrorBadge() {
    assertThat(PhaseStyle.of(Phase.STOPPED).badgeTheme()).isEqualTo("badge contrast");
    assertThat(PhaseStyle.of(Phase.FAILED).badgeTheme()).isEqualTo("badge error");
    assertThat(PhaseStyle.of(Phase.FAILED).inProgress()).isFalse();
  }

  @Test
  void startingPhasesAdvanceTheProgressBarStepByStep() {
    PhaseStyle pending = PhaseStyle.of(Phase.PENDING);
    PhaseStyle creating = PhaseStyle.of(Phase.CREATING);
    PhaseStyle initializing = PhaseStyle.of(Phase.INITIALIZING);

    assertThat(pending.inProgress()).isTrue();
    assertThat(pending.progress()).isGreaterThan(0);
    assertThat(creating.progress()).isGreaterThan(pending.progress());
    assertThat(initializing.progress()).isGreaterThan(creating.progress()).isLessThan(1);
    assertThat(creating.progressText()).isEqualTo("Step 2 of 3: creating the workspace");
    assertThat(initializing.progressText()).startsWith("Step 3 of 3");
  }

  @Test
  void stoppingShowsAnIndeterminateBar() {
    PhaseStyle stopping = PhaseStyle.of(Phase.STOPPING);
    assertThat(stopping.inProgress()).isTrue();
    assertThat(stopping.determinate()).isFalse();
  }

  @ParameterizedTest
  @EnumSource(Phase.class)
  void everyPhaseIsABadgeLabelledInSentenceCase(Phase phase) {
    PhaseStyle style = PhaseStyle.of(phase);
    assertThat(style.badgeTheme()).startsWith("badge");
    assertThat(style.label()).isEqualToIgnoringCase(phase.name());
    assertThat(style.label().substring(1)).isLowerCase();
    assertThat(style.inProgress())
        .isEqualTo(phase.isActive() && phase != Phase.RUNNING || phase == Phase.STOPPING);
  }
}
