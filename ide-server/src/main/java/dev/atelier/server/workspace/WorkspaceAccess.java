package dev.atelier.server.workspace;

import dev.atelier.server.error.AtelierException;
import dev.atelier.server.error.ErrorCode;
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

  WorkspaceAccess(WorkspaceRepository repository) {
    this.repository = repository;
  }

  /** The user's role in the workspace, or empty when the user has none (or it does not exist). */
  public Optional<WorkspaceRole> role(String userId, String workspaceId) {
    if (userId == null || !WorkspaceIds.isValid(workspaceId)) {
      return Optional.empty();
    }
    return repository
        .find(workspaceId)
        .filter(w -> w.ownerId().equals(userId))
        .map(w -> WorkspaceRole.OWNER);
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
              + ". Ask the owner for a read-write link.",
          Map.of("role", role.name(), "required", required.name()));
    }
    return repository.find(workspaceId).orElseThrow().toWorkspace();
  }
}
