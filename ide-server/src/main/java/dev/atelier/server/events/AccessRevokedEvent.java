package dev.atelier.server.events;

import java.time.Instant;

/**
 * A user lost (some of) their access to a workspace: a share link was revoked, a collaborator was
 * removed, or a role was lowered. Live sockets of that user in that workspace are closed on
 * receipt; the client reconnects and is admitted again with whatever role remains.
 *
 * @param workspaceId the workspace
 * @param userId the user whose access changed, or {@code null} for every non-owner of the workspace
 * @param at when it happened
 */
public record AccessRevokedEvent(String workspaceId, String userId, Instant at) {}
