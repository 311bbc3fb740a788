package dev.atelier.server.workspace;

import dev.atelier.server.error.AtelierException;
import dev.atelier.server.error.ErrorCode;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Service;

/**
 * The one place that answers "may this user do that in this workspace". Every endpoint that touches
 * a workspace (REST, WebSocket handshakes, the preview proxy, views) asks here, so that a share
 * link or a revocation takes effect everywhere at once.
 */
@Service
public class WorkspaceAccess {

  private final WorkspaceRepository repository;
  private final List<WorkspaceGrants> grants;

  WorkspaceAccess(WorkspaceRepository repository, List<WorkspaceGrants> grants) {
    this.repository = repository;
    this.grants = List.copyOf(grants);
  }

  /**
   * The user's role in the workspace, or empty when the user has none (or it does not exist): OWNER
   * for its owner, else the strongest role a {@link WorkspaceGrants} grants (never OWNER).
   */
  public Optional<WorkspaceRole> role(String userId, String workspaceId) {
    if (userId == null || !WorkspaceIds.isValid(workspaceId)) {
      return Optional.empty();
    }
    Optional<WorkspaceRecord> workspace = repository.find(workspaceId);
    if (workspace.isEmpty()) {
      return Optional.empty();
    }
    if (workspace.get().ownerId().equals(userId)) {
      return Optional.of(WorkspaceRole.OWNER);
    }
    WorkspaceRole best = null;
    for (WorkspaceGrants g : grants) {
      WorkspaceRole granted = g.grantedRole(userId, workspaceId).orElse(null);
      if (granted == WorkspaceRole.OWNER) {
        granted = WorkspaceRole.WRITE;
      }
      if (granted != null && (best == null || granted.atLeast(best))) {
        best = granted;
      }
    }
    return Optional.ofNullable(best);
  }

  /**
   * The workspace, when the user holds at least {@code required} in it.
   *
   * @throws AtelierException {@code WORKSPACE_NOT_FOUND} when the user has no role at all (the
   *     workspace's existence is not revealed), {@code FORBIDDEN} when the role is too weak
   */
  public Workspace require(String userId, String workspaceId, WorkspaceRole required) {
    WorkspaceRole role =
        role(userId, workspaceId)
            .orElseThrow(
                () ->
                    new AtelierException(
                        ErrorCode.WORKSPACE_NOT_FOUND,
                        "You have no workspace with id '" + workspaceId + "'."));
    if (!role.atLeast(required)) {
      throw new AtelierException(
          ErrorCode.FORBIDDEN,
          "Your role in this workspace is "
              + role.name().toLowerCase(java.util.Locale.ROOT)
              + "; this needs "
              + required.name().toLowerCase(java.util.Locale.ROOT)
              + (required == WorkspaceRole.OWNER
                  ? ": only the owner can do this."
                  : ". Ask the owner for a read-write link."),
          Map.of("role", role.name(), "required", required.name()));
    }
    return repository.find(workspaceId).orElseThrow().toWorkspace();
  }
}
