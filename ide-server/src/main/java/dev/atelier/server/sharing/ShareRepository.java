package dev.atelier.server.sharing;

import dev.atelier.server.workspace.WorkspaceRole;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The {@code share_links} and {@code workspace_collaborators} tables. A collaborator removed by the
 * owner keeps a row with role {@value #REMOVED} (and the removal time as {@code added_at}), so that
 * links created before the removal cannot readmit them.
 */
@Repository
class ShareRepository {

  static final String REMOVED = "REMOVED";

  private static final String LINK_COLUMNS =
      "id, workspace_id, role, created_by, created_at, expires_at, revoked_at";

  /** A collaborator row as stored, including removed ones. */
  record Membership(String role, String shareId, Instant at) {
    boolean removed() {
      return REMOVED.equals(role);
    }
  }

  /** A guest whose access came through a link (for sweeping expired ones). */
  record Admission(String workspaceId, String userId) {}

  private final JdbcClient jdbc;
  private final TransactionTemplate tx;

  ShareRepository(JdbcClient jdbc, TransactionTemplate tx) {
    this.jdbc = jdbc;
    this.tx = tx;
  }

  // ---- links

  void insertLink(ShareLink link, String secretHash) {
    jdbc.sql(
            "insert into share_links (id, workspace_id, role, created_by, secret_hash,"
                + " created_at, expires_at) values (:id, :ws, :role, :by, :hash, :created,"
                + " :expires)")
        .param("id", link.id())
        .param("ws", link.workspaceId())
        .param("role", link.role().name())
        .param("by", link.createdBy())
        .param("hash", secretHash)
        .param("created", utc(link.createdAt()))
        .param("expires", utc(link.expiresAt()))
        .update();
  }

  Optional<ShareLink> findLinkByHash(String secretHash, Instant now) {
    return jdbc.sql("select " + LINK_COLUMNS + " from share_links where secret_hash = :hash")
        .param("hash", secretHash)
        .query((rs, n) -> link(rs, now))
        .optional();
  }

  Optional<ShareLink> findLink(String workspaceId, String id, Instant now) {
    return jdbc.sql(
            "select " + LINK_COLUMNS + " from share_links where id = :id and workspace_id = :ws")
        .param("id", id)
        .param("ws", workspaceId)
        .query((rs, n) -> link(rs, now))
        .optional();
  }

  List<ShareLink> links(String workspaceId, Instant now) {
    return jdbc.sql(
            "select "
                + LINK_COLUMNS
                + " from share_links where workspace_id = :ws order by created_at desc, id")
        .param("ws", workspaceId)
        .query((rs, n) -> link(rs, now))
        .list();
  }

  long countActiveLinks(String workspaceId) {
    return jdbc.sql(
            "select count(*) from share_links where workspace_id = :ws and revoked_at is null")
        .param("ws", workspaceId)
        .query(Long.class)
        .single();
  }

  /**
   * Marks the link revoked and removes the collaborators it admitted, in one transaction.
   *
   * @return the ids of the users who lost their access
   */
  List<String> revokeLink(String linkId, Instant at) {
    return tx.execute(
        status -> {
          jdbc.sql("update share_links set revoked_at = :at where id = :id and revoked_at is null")
              .param("at", utc(at))
              .param("id", linkId)
              .update();
          List<String> users =
              jdbc.sql(
                      "select user_id from workspace_collaborators where share_id = :id"
                          + " and role <> :removed")
                  .param("id", linkId)
                  .param("removed", REMOVED)
                  .query(String.class)
                  .list();
          jdbc.sql("delete from workspace_collaborators where share_id = :id and role <> :removed")
              .param("id", linkId)
              .param("removed", REMOVED)
              .update();
          return users;
        });
  }

  // ---- collaborators

  Optional<Membership> membership(String workspaceId, String userId) {
    return jdbc.sql(
            "select role, share_id, added_at from workspace_collaborators"
                + " where workspace_id = :ws and user_id = :user")
        .param("ws", workspaceId)
        .param("user", userId)
        .query((rs, n) -> new Membership(rs.getString(1), rs.getString(2), instant(rs, "added_at")))
        .optional();
  }

  /** Inserts or replaces the user's row in the workspace. */
  void putMembership(String workspaceId, String userId, String role, String shareId, Instant at) {
    tx.executeWithoutResult(
        status -> {
          int updated =
              jdbc.sql(
                      "update workspace_collaborators set role = :role, share_id = :share,"
                          + " added_at = :at where workspace_id = :ws and user_id = :user")
                  .param("role", role)
                  .param("share", shareId)
                  .param("at", utc(at))
                  .param("ws", workspaceId)
                  .param("user", userId)
                  .update();
          if (updated == 0) {
            jdbc.sql(
                    "insert into workspace_collaborators (workspace_id, user_id, role, share_id,"
                        + " added_at) values (:ws, :user, :role, :share, :at)")
                .param("ws", workspaceId)
                .param("user", userId)
                .param("role", role)
                .param("share", shareId)
                .param("at", utc(at))
                .update();
          }
        });
  }

  /** The workspace's current collaborators (removed ones excluded), by display name. */
  List<Collaborator> collaborators(String workspaceId) {
    return jdbc.sql(
            "select c.workspace_id, c.user_id, u.username, u.display_name, c.role, c.share_id,"
                + " c.added_at from workspace_collaborators c join users u on u.id = c.user_id"
                + " where c.workspace_id = :ws and c.role <> :removed"
                + " order by u.display_name, u.username")
        .param("ws", workspaceId)
        .param("removed", REMOVED)
        .query(
            (rs, n) ->
                new Collaborator(
                    rs.getString("workspace_id"),
                    rs.getString("user_id"),
                    rs.getString("username"),
                    rs.getString("display_name"),
                    WorkspaceRole.valueOf(rs.getString("role")),
                    rs.getString("share_id"),
                    instant(rs, "added_at")))
        .list();
  }

  /**
   * The role the user holds as a collaborator, if any: not removed, and the link that admitted them
   * (if it still exists) neither revoked nor expired at {@code now}.
   */
  Optional<WorkspaceRole> activeRole(String workspaceId, String userId, Instant now) {
    return jdbc.sql(
            "select c.role from workspace_collaborators c"
                + " left join share_links l on l.id = c.share_id"
                + " where c.workspace_id = :ws and c.user_id = :user and c.role <> :removed"
                + " and (l.id is null or (l.revoked_at is null"
                + " and (l.expires_at is null or l.expires_at > :now)))")
        .param("ws", workspaceId)
        .param("user", userId)
        .param("removed", REMOVED)
        .param("now", utc(now))
        .query(String.class)
        .optional()
        .map(WorkspaceRole::valueOf);
  }

  /** Workspace ids (with roles) shared with the user and still valid at {@code now}. */
  List<Admission> sharedWith(String userId, Instant now) {
    return jdbc.sql(
            "select c.workspace_id, c.user_id from workspace_collaborators c"
                + " left join share_links l on l.id = c.share_id"
                + " where c.user_id = :user and c.role <> :removed"
                + " and (l.id is null or (l.revoked_at is null"
                + " and (l.expires_at is null or l.expires_at > :now)))"
                + " order by c.added_at desc")
        .param("user", userId)
        .param("removed", REMOVED)
        .param("now", utc(now))
        .query((rs, n) -> new Admission(rs.getString(1), rs.getString(2)))
        .list();
  }

  /** Marks a collaborator removed; returns whether they had access before. */
  boolean removeCollaborator(String workspaceId, String userId, Instant at) {
    return jdbc.sql(
                "update workspace_collaborators set role = :removed, share_id = null,"
                    + " added_at = :at where workspace_id = :ws and user_id = :user"
                    + " and role <> :removed")
            .param("removed", REMOVED)
            .param("at", utc(at))
            .param("ws", workspaceId)
            .param("user", userId)
            .update()
        == 1;
  }

  /** Deletes the rows of guests whose admitting link expired by {@code now}; returns them. */
  List<Admission> dropExpiredAdmissions(Instant now) {
    return tx.execute(
        status -> {
          String where =
              " from workspace_collaborators where role <> :removed and share_id in"
                  + " (select id from share_links where expires_at is not null"
                  + " and expires_at <= :now)";
          List<Admission> expired =
              jdbc.sql("select workspace_id, user_id" + where)
                  .param("removed", REMOVED)
                  .param("now", utc(now))
                  .query((rs, n) -> new Admission(rs.getString(1), rs.getString(2)))
                  .list();
          if (!expired.isEmpty()) {
            jdbc.sql("delete" + where).param("removed", REMOVED).param("now", utc(now)).update();
          }
          return expired;
        });
  }

  private static ShareLink link(ResultSet rs, Instant now) throws SQLException {
    Instant expires = instant(rs, "expires_at");
    Instant revoked = instant(rs, "revoked_at");
    return new ShareLink(
        rs.getString("id"),
        rs.getString("workspace_id"),
        WorkspaceRole.valueOf(rs.getString("role")),
        rs.getString("created_by"),
        instant(rs, "created_at"),
        expires,
        revoked,
        ShareLink.stateAt(expires, revoked, now));
  }

  private static OffsetDateTime utc(Instant instant) {
    return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
    return value == null ? null : value.toInstant();
  }
}
