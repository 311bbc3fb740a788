package dev.atelier.gateway.spi;

import dev.atelier.stacks.Stack;
import java.util.Optional;

/**
 * Tells the gateway which stack a workspace runs (the stack from {@code StartResult}, i.e. the
 * repository's own stack file when it has one). The server implements it from its workspace store.
 * Called on gateway threads whenever a language server is about to start; must not block long.
 */
@FunctionalInterface
public interface WorkspaceStacks {

  /** The stack of the workspace, or empty when the workspace is unknown. */
  Optional<Stack> stackOf(String workspaceId);
}
