package dev.atelier.server.sharing;

import dev.atelier.server.workspace.WorkspaceRole;
import java.time.Instant;

/**
 * A guest with a role in a workspace.
 *
 * @param workspaceId the workspace
 * @param userId the guest's own account
 * @param username the guest's user name
 * @param displayName the guest's display name
 * @param role {@code READ} or {@code WRITE}
 * @param shareId the link that admitted them, or {@code null} when that link no longer exists
 * @param addedAt when they joined (or last changed role)
 */
public record Collaborator(
    String workspaceId,
    String userId,
    String username,
    String displayName,
    WorkspaceRole role,
    String shareId,
    Instant addedAt) {}
