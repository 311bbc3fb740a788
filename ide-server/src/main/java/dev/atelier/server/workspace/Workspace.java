package dev.atelier.server.workspace;

import dev.atelier.runtime.spi.Condition;
import dev.atelier.runtime.spi.Phase;
import java.time.Instant;
import java.util.List;

/**
 * A workspace as users see it.
 *
 * @param id stable id, safe as a file and Kubernetes name, e.g. {@code amber-otter-k3x9}
 * @param ownerId the owning user's id
 * @param name display name
 * @param stackId the stack it runs: the repository's own stack (e.g. {@code repository}) once a
 *     start found one, else the catalog stack chosen at creation
 * @param repository the git URL cloned on first start, or {@code null}
 * @param phase current lifecycle phase
 * @param conditions why it is in this phase (e.g. {@code cloneFailed: repository not found})
 * @param createdAt creation time
 * @param lastUsedAt last start or user activity
 */
public record Workspace(
    String id,
    String ownerId,
    String name,
    String stackId,
    String repository,
    Phase phase,
    List<Condition> conditions,
    Instant createdAt,
    Instant lastUsedAt) {
  public Workspace {
    conditions = conditions == null ? List.of() : List.copyOf(conditions);
  }
}
