package dev.atelier.server.events;

import java.time.Instant;

/**
 * A workspace and its content were deleted.
 *
 * @param workspaceId the workspace
 * @param ownerId its owner
 * @param at when it was deleted
 */
public record WorkspaceDeletedEvent(String workspaceId, String ownerId, Instant at) {}
