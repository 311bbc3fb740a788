package dev.atelier.server.workspace;

import dev.atelier.runtime.spi.Condition;
import dev.atelier.runtime.spi.Phase;
import java.time.Instant;
import java.util.List;

/**
 * A row of the {@code workspaces} table: what {@link Workspace} shows plus what the server needs
 * internally (the catalog stack to start from, where the effective stack came from, the optimistic
 * locking version).
 */
record WorkspaceRecord(
    String id,
    String ownerId,
    String name,
    String stackId,
    String effectiveStackId,
    String stackSource,
    String repository,
    Phase phase,
    List<Condition> conditions,
    long version,
    Instant createdAt,
    Instant lastUsedAt) {

  WorkspaceRecord {
    conditions = conditions == null ? List.of() : List.copyOf(conditions);
  }

  Workspace toWorkspace() {
    return new Workspace(
        id,
        ownerId,
        name,
        effectiveStackId != null ? effectiveStackId : stackId,
        repository,
        phase,
        conditions,
        createdAt,
        lastUsedAt);
  }
}
