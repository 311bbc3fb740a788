package dev.atelier.runtime.spi;

import dev.atelier.stacks.Resources;
import java.util.List;
import java.util.Objects;

/**
 * The resource limits a workspace runs with, and how they differ from what its stack asked for.
 *
 * @param requested the stack's {@code resources} (0: not set)
 * @param effective what is enforced (0: no limit of that kind is enforced by this runtime)
 * @param adjustments the limits the server set instead of the stack, in {@link ResourceKind} order
 */
public record AppliedResources(
    Resources requested, Resources effective, List<ResourceAdjustment> adjustments) {

  public AppliedResources {
    Objects.requireNonNull(requested, "requested");
    Objects.requireNonNull(effective, "effective");
    adjustments = adjustments == null ? List.of() : List.copyOf(adjustments);
  }

  /** The stack's own limits, unchanged. */
  public static AppliedResources unchanged(Resources resources) {
    return new AppliedResources(resources, resources, List.of());
  }

  /** The same without a limit this runtime cannot enforce (e.g. processes per pod). */
  public AppliedResources without(ResourceKind kind) {
    return new AppliedResources(
        requested,
        ResourceKind.with(effective, kind, 0),
        adjustments.stream().filter(a -> a.resource() != kind).toList());
  }

  /** Whether the stack asked for more than the server allows for any limit. */
  public boolean clamped() {
    return adjustments.stream().anyMatch(ResourceAdjustment::clamped);
  }
}
