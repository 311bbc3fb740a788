package dev.atelier.server.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.runtime.spi.Condition;
import dev.atelier.runtime.spi.Phase;
import dev.atelier.server.testsupport.TestDatabases;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** The workspace tables against a real database; run on H2 and PostgreSQL. */
abstract class AbstractWorkspaceRepositoryTests {

  private WorkspaceRepository repository;
  private String owner;
  private final Instant t0 = Instant.parse("2026-03-01T10:00:00.123Z");

  /** A freshly migrated, empty database. */
  abstract DataSource dataSource();

  @BeforeEach
  void setUp() {
    DataSource ds = dataSource();
    JdbcClient jdbc = JdbcClient.create(ds);
    repository =
        new WorkspaceRepository(
            jdbc,
            TestDatabases.objectMapper(),
            new TransactionTemplate(new DataSourceTransactionManager(ds)));
    owner = insertUser(jdbc, "ada");
  }

  private static String insertUser(JdbcClient jdbc, String name) {
    String id = UUID.randomUUID().toString();
    jdbc.sql(
            "insert into users (id, username, display_name, password_hash, admin, created_at)"
                + " values (?, ?, ?, 'x', false, ?)")
        .params(id, name, name, OffsetDateTime.now(ZoneOffset.UTC))
        .update();
    return id;
  }

  private WorkspaceRecord pending(String id, Instant lastUsed) {
    return new WorkspaceRecord(
        id,
        owner,
        "demo",
        "python",
        null,
        null,
        "https://example.com/o/demo.git",
        Phase.PENDING,
        List.of(),
        0,
        t0,
        lastUsed);
  }

  @Test
  void insertedWorkspaceReadsBackWithItsFirstTransition() {
    repository.insert(pending("amber-fox-aaaa", t0));
    WorkspaceRecord read = repository.find("amber-fox-aaaa").orElseThrow();
    assertThat(read).isEqualTo(pending("amber-fox-aaaa", t0));
    assertThat(repository.exists("amber-fox-aaaa")).isTrue();
    assertThat(repository.exists("other")).isFalse();
    assertThat(repository.transitions("amber-fox-aaaa"))
        .extracting(WorkspaceTransition::phase)
        .containsExactly(Phase.PENDING);
  }

  @Test
  void compareAndSetWinsOnlyOnTheCurrentVersionAndRecordsPhaseChanges() {
    repository.insert(pending("ws-1", t0));
    Condition cloning = new Condition("cloning", "42%", t0);
    assertThat(repository.compareAndSet("ws-1", 0, Phase.PENDING, Phase.CREATING, List.of(), t0))
        .isTrue();
    assertThat(repository.compareAndSet("ws-1", 0, Phase.PENDING, Phase.FAILED, List.of(), t0))
        .as("stale version")
        .isFalse();
    assertThat(
            repository.compareAndSet("ws-1", 1, Phase.CREATING, Phase.INITIALIZING, List.of(), t0))
        .isTrue();
    // a condition update within the same phase is no transition
    assertThat(
            repository.compareAndSet(
                "ws-1", 2, Phase.INITIALIZING, Phase.INITIALIZING, List.of(cloning), t0))
        .isTrue();
    WorkspaceRecord read = repository.find("ws-1").orElseThrow();
    assertThat(read.phase()).isEqualTo(Phase.INITIALIZING);
    assertThat(read.version()).isEqualTo(3);
    assertThat(read.conditions()).containsExactly(cloning);
    assertThat(repository.transitions("ws-1"))
        .extracting(WorkspaceTransition::phase)
        .containsExactly(Phase.PENDING, Phase.CREATING, Phase.INITIALIZING);
  }

  @Test
  void failureConditionsSurviveTheRoundTripAndLongMessagesAreCut() {
    repository.insert(pending("ws-1", t0));
    Condition notFound = new Condition("cloneFailed", "repository not found", t0);
    Condition huge = new Condition("commandFailed", "x".repeat(5000), t0);
    repository.compareAndSet("ws-1", 0, Phase.PENDING, Phase.FAILED, List.of(notFound, huge), t0);
    List<Condition> read = repository.find("ws-1").orElseThrow().conditions();
    assertThat(read.get(0)).isEqualTo(notFound);
    assertThat(read.get(1).message()).hasSize(WorkspaceRepository.MAX_MESSAGE).endsWith("…");
    assertThat(repository.transitions("ws-1").get(1).conditions()).hasSize(2);
  }

  @Test
  void queriesByOwnerPhaseAndCounts() {
    repository.insert(pending("ws-old", t0));
    repository.insert(pending("ws-new", t0.plus(1, ChronoUnit.HOURS)));
    repository.compareAndSet("ws-old", 0, Phase.PENDING, Phase.FAILED, List.of(), t0);
    assertThat(repository.findByOwner(owner))
        .extracting(WorkspaceRecord::id)
        .containsExactly("ws-new", "ws-old");
    assertThat(repository.findByOwner("someone-else")).isEmpty();
    assertThat(repository.countByOwner(owner)).isEqualTo(2);
    assertThat(repository.findByPhases(List.of(Phase.PENDING, Phase.RUNNING)))
        .extracting(WorkspaceRecord::id)
        .containsExactly("ws-new");
    assertThat(repository.countByPhase())
        .containsEntry(Phase.PENDING, 1L)
        .containsEntry(Phase.FAILED, 1L)
        .containsEntry(Phase.RUNNING, 0L)
        .hasSize(7);
  }

  @Test
  void effectiveStackAndLastUseAreRecorded() {
    repository.insert(pending("ws-1", t0));
    repository.updateEffectiveStack("ws-1", "repository", ".devcontainer/devcontainer.json");
    Instant later = t0.plus(5, ChronoUnit.MINUTES);
    repository.touch("ws-1", later);
    WorkspaceRecord read = repository.find("ws-1").orElseThrow();
    assertThat(read.stackId()).isEqualTo("python");
    assertThat(read.stackSource()).isEqualTo(".devcontainer/devcontainer.json");
    assertThat(read.toWorkspace().stackId()).isEqualTo("repository");
    assertThat(read.lastUsedAt()).isEqualTo(later);
  }

  @Test
  void deleteRemovesTheWorkspaceAndItsHistory() {
    repository.insert(pending("ws-1", t0));
    repository.compareAndSet("ws-1", 0, Phase.PENDING, Phase.FAILED, List.of(), t0);
    assertThat(repository.delete("ws-1")).isTrue();
    assertThat(repository.find("ws-1")).isEmpty();
    assertThat(repository.transitions("ws-1")).isEmpty();
    assertThat(repository.delete("ws-1")).isFalse();
  }
}
