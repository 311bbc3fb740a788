package dev.atelier.server.sharing;

import dev.atelier.server.workspace.WorkspaceGrants;
import dev.atelier.server.workspace.WorkspaceRole;
import java.time.Instant;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** Feeds collaborators' roles into {@link dev.atelier.server.workspace.WorkspaceAccess}. */
@Component
class CollaboratorGrants implements WorkspaceGrants {

  private final ShareRepository repository;

  CollaboratorGrants(ShareRepository repository) {
    this.repository = repository;
  }

  @Override
  public Optional<WorkspaceRole> grantedRole(String userId, String workspaceId) {
    return repository.activeRole(workspaceId, userId, Instant.now());
  }
}
