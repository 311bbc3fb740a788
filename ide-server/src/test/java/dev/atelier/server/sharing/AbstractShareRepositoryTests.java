package dev.atelier.server.sharing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.server.workspace.WorkspaceRole;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** The V2 tables (share links, collaborators) against a real database; run on H2 and PostgreSQL. */
abstract class AbstractShareRepositoryTests {

  private final Instant t0 = Instant.parse("2026-03-01T10:00:00.123Z");
  private JdbcClient jdbc;
  private ShareRepository repository;
  private String owner;
  private String guest;

  /** A freshly migrated, empty database. */
  abstract DataSource dataSource();

  @BeforeEach
  void setUp() {
    DataSource ds = dataSource();
    jdbc = JdbcClient.create(ds);
    repository =
        new ShareRepository(jdbc, new TransactionTemplate(new DataSourceTransactionManager(ds)));
    owner = insertUser("ada");
    guest = insertUser("bob");
    insertWorkspace("ws-1");
  }

  private String insertUser(String name) {
    String id = UUID.randomUUID().toString();
    jdbc.sql(
            "insert into users (id, username, display_name, password_hash, admin, created_at)"
                + " values (?, ?, ?, 'x', false, ?)")
        .params(id, name, name.toUpperCase(), OffsetDateTime.now(ZoneOffset.UTC))
        .update();
    return id;
  }

  private void insertWorkspace(String id) {
    OffsetDateTime now = OffsetDateTime.ofInstant(t0, ZoneOffset.UTC);
    jdbc.sql(
            "insert into workspaces (id, owner_id, name, stack_id, phase, conditions, version,"
                + " created_at, last_used_at) values (?, ?, 'demo', 'python', 'RUNNING', '[]', 0,"
                + " ?, ?)")
        .params(id, owner, now, now)
        .update();
  }

  private ShareLink link(String id, WorkspaceRole role, Instant expiresAt) {
    return new ShareLink(id, "ws-1", role, owner, t0, expiresAt, null, ShareLink.State.ACTIVE);
  }

  @Test
  void linkReadsBackByHashWithItsStateAtTheGivenTime() {
    Instant expires = t0.plus(1, ChronoUnit.HOURS);
    repository.insertLink(link("l1", WorkspaceRole.READ, expires), "a".repeat(64));
    repository.insertLink(link("l2", WorkspaceRole.WRITE, null), "b".repeat(64));

    ShareLink read = repository.findLinkByHash("a".repeat(64), t0).orElseThrow();
    assertThat(read).isEqualTo(link("l1", WorkspaceRole.READ, expires));
    assertThat(repository.findLinkByHash("a".repeat(64), expires).orElseThrow().state())
        .isEqualTo(ShareLink.State.EXPIRED);
    assertThat(repository.findLinkByHash("c".repeat(64), t0)).isEmpty();
    assertThat(repository.links("ws-1", t0)).extracting(ShareLink::id).hasSize(2);
    assertThat(repository.findLink("ws-1", "l2", t0)).isPresent();
    assertThat(repository.findLink("other", "l2", t0)).isEmpty();
    assertThat(repository.countActiveLinks("ws-1")).isEqualTo(2);
  }

  @Test
  void collaboratorRoleFollowsTheLinkThatAdmittedThem() {
    Instant expires = t0.plus(1, ChronoUnit.HOURS);
    repository.insertLink(link("l1", WorkspaceRole.READ, expires), "a".repeat(64));
    repository.putMembership("ws-1", guest, "READ", "l1", t0);

    assertThat(repository.activeRole("ws-1", guest, t0)).contains(WorkspaceRole.READ);
    assertThat(repository.activeRole("ws-1", guest, expires)).as("link expired").isEmpty();
    assertThat(repository.activeRole("ws-1", owner, t0)).isEmpty();
    assertThat(repository.sharedWith(guest, t0))
        .extracting(ShareRepository.Admission::workspaceId)
        .containsExactly("ws-1");
    assertThat(repository.collaborators("ws-1"))
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.username()).isEqualTo("bob");
              assertThat(c.displayName()).isEqualTo("BOB");
              assertThat(c.role()).isEqualTo(WorkspaceRole.READ);
              assertThat(c.shareId()).isEqualTo("l1");
              assertThat(c.addedAt()).isEqualTo(t0);
            });

    // upgrade through another link replaces the row
    repository.insertLink(link("l2", WorkspaceRole.WRITE, null), "b".repeat(64));
    repository.putMembership("ws-1", guest, "WRITE", "l2", t0);
    assertThat(repository.activeRole("ws-1", guest, expires)).contains(WorkspaceRole.WRITE);
  }

  @Test
  void revokingALinkRemovesExactlyTheGuestsItAdmitted() {
    String carol = insertUser("carol");
    repository.insertLink(link("l1", WorkspaceRole.READ, null), "a".repeat(64));
    repository.insertLink(link("l2", WorkspaceRole.WRITE, null), "b".repeat(64));
    repository.putMembership("ws-1", guest, "READ", "l1", t0);
    repository.putMembership("ws-1", carol, "WRITE", "l2", t0);

    assertThat(repository.revokeLink("l1", t0.plusSeconds(5))).containsExactly(guest);
    assertThat(repository.findLink("ws-1", "l1", t0.plusSeconds(6)).orElseThrow().state())
        .isEqualTo(ShareLink.State.REVOKED);
    assertThat(repository.activeRole("ws-1", guest, t0)).isEmpty();
    assertThat(repository.activeRole("ws-1", carol, t0)).contains(WorkspaceRole.WRITE);
    assertThat(repository.revokeLink("l1", t0.plusSeconds(9))).as("already revoked").isEmpty();
  }

  @Test
  void removedCollaboratorKeepsARowWithoutAccess() {
    repository.insertLink(link("l1", WorkspaceRole.WRITE, null), "a".repeat(64));
    repository.putMembership("ws-1", guest, "WRITE", "l1", t0);
    Instant removedAt = t0.plusSeconds(60);

    assertThat(repository.removeCollaborator("ws-1", guest, removedAt)).isTrue();
    assertThat(repository.removeCollaborator("ws-1", guest, removedAt)).isFalse();
    assertThat(repository.activeRole("ws-1", guest, removedAt)).isEmpty();
    assertThat(repository.collaborators("ws-1")).isEmpty();
    assertThat(repository.membership("ws-1", guest))
        .hasValueSatisfying(
            m -> {
              assertThat(m.removed()).isTrue();
              assertThat(m.at()).isEqualTo(removedAt);
            });
  }

  @Test
  void expiredAdmissionsAreDroppedOnce() {
    Instant expires = t0.plus(1, ChronoUnit.HOURS);
    repository.insertLink(link("l1", WorkspaceRole.READ, expires), "a".repeat(64));
    repository.putMembership("ws-1", guest, "READ", "l1", t0);

    assertThat(repository.dropExpiredAdmissions(t0)).isEmpty();
    assertThat(repository.dropExpiredAdmissions(expires))
        .containsExactly(new ShareRepository.Admission("ws-1", guest));
    assertThat(repository.dropExpiredAdmissions(expires)).isEmpty();
    assertThat(repository.membership("ws-1", guest)).isEmpty();
  }

  @Test
  void deletingTheWorkspaceDeletesItsLinksAndCollaborators() {
    repository.insertLink(link("l1", WorkspaceRole.READ, null), "a".repeat(64));
    repository.putMembership("ws-1", guest, "READ", "l1", t0);
    jdbc.sql("delete from workspaces where id = 'ws-1'").update();
    assertThat(repository.links("ws-1", t0)).isEmpty();
    assertThat(repository.membership("ws-1", guest)).isEmpty();
  }
}
