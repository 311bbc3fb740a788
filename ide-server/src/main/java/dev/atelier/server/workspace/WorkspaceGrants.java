package dev.atelier.server.workspace;

import java.util.Optional;

/**
 * Roles in a workspace granted to users other than its owner (the sharing feature's collaborators).
 * {@link WorkspaceAccess} consults every implementation; an empty list means only owners have a
 * role. Implementations never grant {@link WorkspaceRole#OWNER}.
 */
public interface WorkspaceGrants {

  /** The role {@code userId} was granted in {@code workspaceId}, or empty for none. */
  Optional<WorkspaceRole> grantedRole(String userId, String workspaceId);
}
