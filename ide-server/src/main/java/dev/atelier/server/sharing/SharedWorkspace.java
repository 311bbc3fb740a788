package dev.atelier.server.sharing;

import dev.atelier.server.workspace.Workspace;
import dev.atelier.server.workspace.WorkspaceRole;

/**
 * A workspace someone else shared with the user ("Shared with me").
 *
 * @param workspace the workspace
 * @param role the user's role in it
 * @param ownerName the owner's display name
 */
public record SharedWorkspace(Workspace workspace, WorkspaceRole role, String ownerName) {}
