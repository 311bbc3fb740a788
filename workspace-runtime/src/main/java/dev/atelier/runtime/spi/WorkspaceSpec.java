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
 * @param limits the server's defaults and ceilings, applied to the stack the workspace effectively
 *     runs (this one or the repository's own); {@link ResourcePolicy#DEFAULT} when {@code null}
 */
public record WorkspaceSpec(
    String workspaceId,
    String ownerId,
    Stack stack,
    String repository,
    Map<String, String> labels,
    ResourcePolicy limits) {
  public WorkspaceSpec {
    Objects.requireNonNull(workspaceId, "workspaceId");
    Objects.requireNonNull(stack, "stack");
    labels = labels == null ? Map.of() : Map.copyOf(labels);
    limits = limits == null ? ResourcePolicy.DEFAULT : limits;
  }

  /** A spec bounded by {@link ResourcePolicy#DEFAULT}. */
  public WorkspaceSpec(
      String workspaceId,
      String ownerId,
      Stack stack,
      String repository,
      Map<String, String> labels) {
    this(workspaceId, ownerId, stack, repository, labels, null);
  }
}
