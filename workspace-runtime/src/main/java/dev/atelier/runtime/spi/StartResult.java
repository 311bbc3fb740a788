package dev.atelier.runtime.spi;

import dev.atelier.stacks.Stack;

/**
 * Outcome of a successful {@link WorkspaceRuntime#start}.
 *
 * @param stack the stack the workspace runs: the spec's, or the repository's own stack file
 * @param stackSource where the stack came from: {@code builtin}, or the repository-relative path of
 *     the stack file
 */
public record StartResult(Stack stack, String stackSource) {}
