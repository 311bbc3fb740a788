package dev.atelier.runtime.spi;

import dev.atelier.stacks.Resources;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A server's bounds on workspace resources, applied to whatever stack a workspace effectively runs
 * (built-in, the repository's own stack file, any other): a limit the stack leaves out gets the
 * default, a limit above the ceiling is lowered to it.
 *
 * @param defaults the limits of a stack that sets none; every amount positive
 * @param ceilings the most a stack can get; every amount positive and at least the default
 */
public record ResourcePolicy(Resources defaults, Resources ceilings) {

  /** 2 CPUs, 2 GiB, 512 processes unless a stack asks otherwise; at most 4 CPUs, 8 GiB, 2048. */
  public static final ResourcePolicy DEFAULT =
      new ResourcePolicy(new Resources(2000, 2L << 30, 512), new Resources(4000, 8L << 30, 2048));

  /**
   * @throws IllegalArgumentException when an amount is not positive or a default is above its
   *     ceiling
   */
  public ResourcePolicy {
    Objects.requireNonNull(defaults, "defaults");
    Objects.requireNonNull(ceilings, "ceilings");
    for (ResourceKind kind : ResourceKind.values()) {
      long fallback = kind.of(defaults);
      long ceiling = kind.of(ceilings);
      if (fallback <= 0 || ceiling <= 0) {
        throw new IllegalArgumentException(
            kind.label() + ": the default and the maximum must both be positive");
      }
      if (fallback > ceiling) {
        throw new IllegalArgumentException(
            kind.label()
                + ": the default ("
                + kind.describe(fallback)
                + ") is above the maximum ("
                + kind.describe(ceiling)
                + "); lower the default or raise the maximum");
      }
    }
  }

  /** The limits a stack asking for {@code requested} gets, with what was changed. */
  public AppliedResources apply(Resources requested) {
    Resources effective = requested;
    List<ResourceAdjustment> adjustments = new ArrayList<>();
    for (ResourceKind kind : ResourceKind.values()) {
      long asked = kind.of(requested);
      long applied;
      if (asked <= 0) {
        applied = kind.of(defaults);
      } else if (asked > kind.of(ceilings)) {
        applied = kind.of(ceilings);
      } else {
        continue;
      }
      adjustments.add(new ResourceAdjustment(kind, Math.max(asked, 0), applied));
      effective = ResourceKind.with(effective, kind, applied);
    }
    return new AppliedResources(requested, effective, adjustments);
  }
}
