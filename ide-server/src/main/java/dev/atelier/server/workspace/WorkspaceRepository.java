package dev.atelier.server.workspace;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.atelier.runtime.spi.Condition;
import dev.atelier.runtime.spi.Phase;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The {@code workspaces} and {@code workspace_events} tables. Phase changes use optimistic locking
 * on {@code version}, so concurrent reporters (runtime events, user requests, the idle reaper,
 * other servers) never overwrite each other; each change and its history row are written in one
 * transaction.
 */
@Repository
class WorkspaceRepository {

  /** Stored condition messages are cut here so that a column never overflows. */
  static final int MAX_MESSAGE = 1000;

  static final int MAX_CONDITIONS = 5;

  private static final TypeReference<List<Condition>> CONDITIONS = new TypeReference<>() {};
  private static final String COLUMNS =
      "id, owner_id, name, stack_id, effective_stack_id,"
          + " stack_source, repository, phase, conditions, version, created_at, last_used_at";

  private final JdbcClient jdbc;
  private final ObjectMapper mapper;
  private final TransactionTemplate tx;

  WorkspaceRepository(JdbcClient jdbc, ObjectMapper mapper, TransactionTemplate tx) {
    this.jdbc = jdbc;
    this.mapper = mapper;
    this.tx = tx;
  }

  void insert(WorkspaceRecord w) {
    tx.executeWithoutResult(
        status -> {
          jdbc.sql(
                  "insert into workspaces ("
                      + COLUMNS
                      + ") values (:id, :owner, :name, :stack,"
                      + " :effective, :source, :repository, :phase, :conditions, :version, :created,"
                      + " :lastUsed)")
              .param("id", w.id())
              .param("owner", w.ownerId())
              .param("name", w.name())
              .param("stack", w.stackId())
              .param("effective", w.effectiveStackId())
              .param("source", w.stackSource())
              .param("repository", w.repository())
              .param("phase", w.phase().name())
              .param("conditions", json(w.conditions()))
              .param("version", w.version())
              .param("created", utc(w.createdAt()))
              .param("lastUsed", utc(w.lastUsedAt()))
              .update();
          insertEvent(w.id(), w.phase(), w.conditions(), w.createdAt());
        });
  }

  Optional<WorkspaceRecord> find(String id) {
    return jdbc.sql("select " + COLUMNS + " from workspaces where id = :id")
        .param("id", id)
        .query(this::map)
        .optional();
  }

  boolean exists(String id) {
    return jdbc.sql("select count(*) from workspaces where id = :id")
            .param("id", id)
            .query(Long.class)
            .single()
        > 0;
  }

  List<WorkspaceRecord> findByOwner(String ownerId) {
    return jdbc.sql(
            "select "
                + COLUMNS
                + " from workspaces where owner_id = :owner"
                + " order by last_used_at desc, id")
        .param("owner", ownerId)
        .query(this::map)
        .list();
  }

  long countByOwner(String ownerId) {
    return jdbc.sql("select count(*) from workspaces where owner_id = :owner")
        .param("owner", ownerId)
        .query(Long.class)
        .single();
  }

  List<WorkspaceRecord> findByPhases(Collection<Phase> phases) {
    return jdbc.sql("select " + COLUMNS + " from workspaces where phase in (:phases) order by id")
        .param("phases", phases.stream().map(Phase::name).toList())
        .query(this::map)
        .list();
  }

  Map<Phase, Long> countByPhase() {
    Map<Phase, Long> counts = new EnumMap<>(Phase.class);
    for (Phase p : Phase.values()) {
      counts.put(p, 0L);
    }
    jdbc.sql("select phase, count(*) as n from workspaces group by phase")
        .query(
            rs -> {
              counts.put(Phase.valueOf(rs.getString("phase")), rs.getLong("n"));
            });
    return counts;
  }

  /**
   * Moves a workspace to {@code phase} with {@code conditions} if nobody changed it since {@code
   * expectedVersion}, and appends the change to its history when the phase changed.
   *
   * @return whether the row was updated (false: re-read and decide again)
   */
  boolean compareAndSet(
      String id,
      long expectedVersion,
      Phase from,
      Phase phase,
      List<Condition> conditions,
      Instant at) {
    List<Condition> stored = trim(conditions);
    Boolean updated =
        tx.execute(
            status -> {
              int rows =
                  jdbc.sql(
                          "update workspaces set phase = :phase, conditions = :conditions,"
                              + " version = version + 1 where id = :id and version = :version")
                      .param("phase", phase.name())
                      .param("conditions", json(stored))
                      .param("id", id)
                      .param("version", expectedVersion)
                      .update();
              if (rows == 1 && from != phase) {
                insertEvent(id, phase, stored, at);
              }
              return rows == 1;
            });
    return Boolean.TRUE.equals(updated);
  }

  void updateEffectiveStack(String id, String effectiveStackId, String stackSource) {
    jdbc.sql(
            "update workspaces set effective_stack_id = :stack, stack_source = :source"
                + " where id = :id")
        .param("stack", effectiveStackId)
        .param("source", stackSource)
        .param("id", id)
        .update();
  }

  void touch(String id, Instant at) {
    jdbc.sql("update workspaces set last_used_at = :at where id = :id")
        .param("at", utc(at))
        .param("id", id)
        .update();
  }

  boolean delete(String id) {
    Boolean deleted =
        tx.execute(
            status -> {
              jdbc.sql("delete from workspace_events where workspace_id = :id")
                  .param("id", id)
                  .update();
              return jdbc.sql("delete from workspaces where id = :id").param("id", id).update()
                  == 1;
            });
    return Boolean.TRUE.equals(deleted);
  }

  List<WorkspaceTransition> transitions(String id) {
    return jdbc.sql(
            "select phase, conditions, at from workspace_events where workspace_id = :id"
                + " order by id")
        .param("id", id)
        .query(
            (rs, n) ->
                new WorkspaceTransition(
                    Phase.valueOf(rs.getString("phase")),
                    conditions(rs.getString("conditions")),
                    instant(rs, "at")))
        .list();
  }

  private void insertEvent(String id, Phase phase, List<Condition> conditions, Instant at) {
    jdbc.sql(
            "insert into workspace_events (workspace_id, phase, conditions, at)"
                + " values (:id, :phase, :conditions, :at)")
        .param("id", id)
        .param("phase", phase.name())
        .param("conditions", json(trim(conditions)))
        .param("at", utc(at))
        .update();
  }

  /** Bounds what is stored: at most {@value #MAX_CONDITIONS} conditions, messages cut. */
  static List<Condition> trim(List<Condition> conditions) {
    List<Condition> out = new ArrayList<>();
    for (Condition c : conditions) {
      if (out.size() == MAX_CONDITIONS) {
        break;
      }
      String message = c.message() == null ? "" : c.message();
      if (message.length() > MAX_MESSAGE) {
        message = message.substring(0, MAX_MESSAGE - 1) + "…";
      }
      out.add(new Condition(c.type(), message, c.at()));
    }
    return List.copyOf(out);
  }

  private WorkspaceRecord map(ResultSet rs, int row) throws SQLException {
    return new WorkspaceRecord(
        rs.getString("id"),
        rs.getString("owner_id"),
        rs.getString("name"),
        rs.getString("stack_id"),
        rs.getString("effective_stack_id"),
        rs.getString("stack_source"),
        rs.getString("repository"),
        Phase.valueOf(rs.getString("phase")),
        conditions(rs.getString("conditions")),
        rs.getLong("version"),
        instant(rs, "created_at"),
        instant(rs, "last_used_at"));
  }

  private String json(List<Condition> conditions) {
    try {
      return mapper.writeValueAsString(conditions);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("conditions are plain records", e);
    }
  }

  private List<Condition> conditions(String json) {
    try {
      return mapper.readValue(json, CONDITIONS);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("unreadable conditions in the database: " + json, e);
    }
  }

  private static OffsetDateTime utc(Instant instant) {
    return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
    return value == null ? null : value.toInstant();
  }
}
