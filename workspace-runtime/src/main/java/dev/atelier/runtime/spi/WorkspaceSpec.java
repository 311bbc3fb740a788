package dev.atelier.runtime.spi;

import dev.atelier.stacks.Stack;
import java.util.Map;
import java.util.Objects;

/**
 * What to run: the declarative spec of a workspace.
 *
 * @param workspaceId stable id, safe as a file and Kubernetes name ({@code [a-z0-9-]})
 * @param ownerId id of the owning user
 * @param stack the stack chosen at creation
 * @param repository git URL to clone on first start, or {@code null} for an empty workspace
 * @param labels extra labels (Kubernetes labels; informational locally)
 */
public record WorkspaceSpec(
    String workspaceId,
    String ownerId,
    Stack stack,
    String repository,
    Map<String, String> labels) {
  public WorkspaceSpec {
    Objects.requireNonNull(workspaceId, "workspaceId");
    Objects.requireNonNull(stack, "stack");
    labels = labels == null ? Map.of() : Map.copyOf(labels);
  }
}
