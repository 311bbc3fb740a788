package dev.atelier.server.events;

import dev.atelier.runtime.spi.Condition;
import dev.atelier.runtime.spi.Phase;
import java.time.Instant;
import java.util.List;

/**
 * A workspace reached a phase; published after the transition is persisted.
 *
 * @param workspaceId the workspace
 * @param ownerId its owner (subscribers filter on it to show users only their own workspaces)
 * @param phase the new phase
 * @param conditions why, or what it waits for (e.g. {@code cloneFailed: repository not found})
 * @param at when the transition happened
 */
public record WorkspaceStatusEvent(
    String workspaceId, String ownerId, Phase phase, List<Condition> conditions, Instant at) {
  public WorkspaceStatusEvent {
    conditions = conditions == null ? List.of() : List.copyOf(conditions);
  }
}
