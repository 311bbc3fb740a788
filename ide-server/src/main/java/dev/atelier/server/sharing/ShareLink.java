package dev.atelier.server.sharing;

import dev.atelier.server.workspace.WorkspaceRole;
import java.time.Instant;

/**
 * A share link as its owner sees it; the secret is never part of it (only its hash is stored).
 *
 * @param id stable id (a UUID), used to revoke it
 * @param workspaceId the shared workspace
 * @param role what opening it grants: {@code READ} or {@code WRITE}
 * @param createdBy the user who created it (the workspace's owner)
 * @param createdAt when it was created
 * @param expiresAt when it stops working, or {@code null} for never
 * @param revokedAt when it was revoked, or {@code null}
 * @param state {@code ACTIVE}, {@code EXPIRED} or {@code REVOKED} at the time it was read
 */
public record ShareLink(
    String id,
    String workspaceId,
    WorkspaceRole role,
    String createdBy,
    Instant createdAt,
    Instant expiresAt,
    Instant revokedAt,
    State state) {

  /** Whether a link can be used. */
  public enum State {
    ACTIVE,
    EXPIRED,
    REVOKED
  }

  /** The state at {@code now}: revoked wins over expired. */
  static State stateAt(Instant expiresAt, Instant revokedAt, Instant now) {
    if (revokedAt != null) {
      return State.REVOKED;
    }
    if (expiresAt != null && !expiresAt.isAfter(now)) {
      return State.EXPIRED;
    }
    return State.ACTIVE;
  }
}
