package dev.atelier.server.sharing;

import dev.atelier.server.workspace.WorkspaceRole;

/**
 * The result of opening a share link: where to go and with which role.
 *
 * @param workspaceId the shared workspace
 * @param workspaceName its display name
 * @param role the user's role in it now (the stronger of what they had and what the link grants;
 *     {@code OWNER} when the owner opened their own link)
 */
public record AcceptedShare(String workspaceId, String workspaceName, WorkspaceRole role) {}
