package dev.atelier.runtime.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.stacks.Resources;
import dev.atelier.stacks.Stack;
import org.junit.jupiter.api.Test;

class ResourcePolicyTests {

  private static final long GI = 1L << 30;
  private static final ResourcePolicy POLICY =
      new ResourcePolicy(new Resources(2000, 2 * GI, 512), new Resources(4000, 4 * GI, 1024));

  @Test
  void limitsAboveTheCeilingAreLoweredToIt() {
    AppliedResources applied = POLICY.apply(new Resources(64_000, 100L << 40, 4_194_304));

    assertThat(applied.effective()).isEqualTo(new Resources(4000, 4 * GI, 1024));
    assertThat(applied.requested()).isEqualTo(new Resources(64_000, 100L << 40, 4_194_304));
    assertThat(applied.clamped()).isTrue();
    assertThat(applied.adjustments())
        .containsExactly(
            new ResourceAdjustment(ResourceKind.CPU, 64_000, 4000),
            new ResourceAdjustment(ResourceKind.MEMORY, 100L << 40, 4 * GI),
            new ResourceAdjustment(ResourceKind.PIDS, 4_194_304, 1024));
    assertThat(applied.adjustments().get(1).message())
        .isEqualTo("Memory limited to 4 GiB by this server (the stack asked for 100 TiB)");
  }

  @Test
  void missingLimitsGetTheDefaults() {
    AppliedResources applied = POLICY.apply(Resources.UNLIMITED);

    assertThat(applied.effective()).isEqualTo(new Resources(2000, 2 * GI, 512));
    assertThat(applied.clamped()).isFalse();
    assertThat(applied.adjustments()).hasSize(3).noneMatch(ResourceAdjustment::clamped);
    assertThat(applied.adjustments().get(2).message())
        .isEqualTo("Processes set to 512, this server's default (the stack sets no limit)");
  }

  @Test
  void limitsWithinTheCeilingAreKeptEvenAboveTheDefault() {
    Resources asked = new Resources(3500, 3 * GI + 512L * 1024 * 1024, 1024);

    AppliedResources applied = POLICY.apply(asked);

    assertThat(applied.effective()).isEqualTo(asked);
    assertThat(applied.adjustments()).isEmpty();
  }

  @Test
  void eachLimitIsDecidedOnItsOwn() {
    AppliedResources applied = POLICY.apply(new Resources(500, 0, 5000));

    assertThat(applied.effective()).isEqualTo(new Resources(500, 2 * GI, 1024));
    assertThat(applied.adjustments())
        .containsExactly(
            new ResourceAdjustment(ResourceKind.MEMORY, 0, 2 * GI),
            new ResourceAdjustment(ResourceKind.PIDS, 5000, 1024));
  }

  @Test
  void withoutDropsALimitTheRuntimeCannotEnforce() {
    AppliedResources applied =
        POLICY.apply(new Resources(64_000, 0, 4_194_304)).without(ResourceKind.PIDS);

    assertThat(applied.effective()).isEqualTo(new Resources(4000, 2 * GI, 0));
    assertThat(applied.adjustments())
        .extracting(ResourceAdjustment::resource)
        .containsExactly(ResourceKind.CPU, ResourceKind.MEMORY);
  }

  @Test
  void cpuAndMemoryAreDescribedForPeople() {
    assertThat(new ResourceAdjustment(ResourceKind.CPU, 1500, 1000).message())
        .isEqualTo("CPU limited to 1 CPU by this server (the stack asked for 1.5 CPUs)");
    assertThat(new ResourceAdjustment(ResourceKind.MEMORY, 0, 1536L << 20).message())
        .isEqualTo("Memory set to 1.5 GiB, this server's default (the stack sets no limit)");
  }

  @Test
  void aDefaultAboveItsCeilingIsRefused() {
    assertThatThrownBy(
            () -> new ResourcePolicy(new Resources(2000, 8 * GI, 512), POLICY.ceilings()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Memory: the default (8 GiB) is above the maximum (4 GiB); lower the default or raise"
                + " the maximum");
  }

  @Test
  void zeroOrNegativeAmountsAreRefused() {
    assertThatThrownBy(() -> new ResourcePolicy(new Resources(2000, 2 * GI, 0), POLICY.ceilings()))
        .hasMessage("Processes: the default and the maximum must both be positive");
    assertThatThrownBy(() -> new ResourcePolicy(POLICY.defaults(), new Resources(-1, 4 * GI, 1024)))
        .hasMessage("CPU: the default and the maximum must both be positive");
  }

  @Test
  void specsWithoutAPolicyGetTheBuiltInOne() {
    Stack stack = new Stack("s", "S", null, null, null, null, null, null, null, null, null, null);

    WorkspaceSpec spec = new WorkspaceSpec("w1", "owner", stack, null, null);

    assertThat(spec.limits()).isEqualTo(ResourcePolicy.DEFAULT);
    assertThat(spec.limits().apply(stack.resources()).effective())
        .isEqualTo(new Resources(2000, 2 * GI, 512));
  }
}
