package dev.atelier.runtime.spi;

import dev.atelier.stacks.Resources;
import dev.atelier.stacks.Stack;

/**
 * Outcome of a successful {@link WorkspaceRuntime#start}.
 *
 * @param stack the stack the workspace runs, with the resources it asked for: the spec's, or the
 *     repository's own stack file
 * @param stackSource where the stack came from: {@code builtin}, or the repository-relative path of
 *     the stack file
 * @param resources the limits enforced, after the spec's {@link ResourcePolicy}, and what the
 *     server changed
 */
public record StartResult(Stack stack, String stackSource, AppliedResources resources) {

  public StartResult {
    if (resources == null) {
      resources =
          AppliedResources.unchanged(stack == null ? Resources.UNLIMITED : stack.resources());
    }
  }

  /** A result whose stack's own limits are enforced unchanged. */
  public StartResult(Stack stack, String stackSource) {
    this(stack, stackSource, null);
  }
}
