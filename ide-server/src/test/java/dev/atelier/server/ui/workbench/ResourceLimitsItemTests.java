package dev.atelier.server.ui.workbench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.runtime.spi.ResourceKind;
import dev.atelier.runtime.spi.ResourcePolicy;
import dev.atelier.server.workspace.WorkspaceResources;
import dev.atelier.stacks.Resources;
import org.junit.jupiter.api.Test;

/** The status bar item that shows a workspace's limits and what the server clamped. */
class ResourceLimitsItemTests {

  private static final ResourcePolicy POLICY =
      new ResourcePolicy(new Resources(2000, 2L << 30, 512), new Resources(4000, 4L << 30, 2048));

  @Test
  void aClampedStackShowsAWarningSayingWhatWasLimited() {
    ResourceLimitsItem item = new ResourceLimitsItem();

    item.show(WorkspaceResources.of(POLICY.apply(new Resources(0, 100L << 40, 4_194_304))));

    assertThat(item.text()).isEqualTo("2 CPUs · 4 GiB · 2048 processes (limited by this server)");
    assertThat(item.getElement().getAttribute("data-clamped")).isEqualTo("true");
    assertThat(item.hasClassName("atelier-status-warning")).isTrue();
    assertThat(item.details())
        .isEqualTo(
            "CPU set to 2 CPUs, this server's default (the stack sets no limit)\n"
                + "Memory limited to 4 GiB by this server (the stack asked for 100 TiB)\n"
                + "Processes limited to 2048 by this server (the stack asked for 4194304)");
    assertThat(item.getElement().getAttribute("title")).isEqualTo(item.details());
  }

  @Test
  void aStackWithinTheLimitsShowsThemPlainly() {
    ResourceLimitsItem item = new ResourceLimitsItem();

    item.show(WorkspaceResources.of(POLICY.apply(new Resources(1500, 3L << 30, 1024))));

    assertThat(item.text()).isEqualTo("1.5 CPUs · 3 GiB · 1024 processes");
    assertThat(item.getElement().getAttribute("data-clamped")).isEqualTo("false");
    assertThat(item.hasClassName("atelier-status-warning")).isFalse();
    assertThat(item.details())
        .isEqualTo("Limits: 1.5 CPUs · 3 GiB · 1024 processes, as the stack asks");
  }

  @Test
  void limitsTheRuntimeDoesNotEnforceAreLeftOutAndAStopHidesTheItem() {
    ResourceLimitsItem item = new ResourceLimitsItem();
    WorkspaceResources onKubernetes =
        WorkspaceResources.of(POLICY.apply(new Resources(64_000, 0, 0)).without(ResourceKind.PIDS));

    item.show(onKubernetes);

    assertThat(onKubernetes.pids()).isNull();
    assertThat(onKubernetes.cpu()).isEqualTo("4");
    assertThat(onKubernetes.memory()).isEqualTo("2Gi");
    assertThat(item.text()).isEqualTo("4 CPUs · 2 GiB (limited by this server)");
    item.show(null);
    assertThat(item.isVisible()).isFalse();
    assertThat(item.text()).isEmpty();
  }
}
