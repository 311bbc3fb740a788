package dev.atelier.server.account;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code users} table. */
@Repository
class AccountRepository {

  private static final String COLUMNS = "id, username, display_name, admin, created_at";

  private final JdbcClient jdbc;

  AccountRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  void insert(UserAccount account, String passwordHash) {
    jdbc.sql(
            "insert into users (id, username, display_name, password_hash, admin, created_at)"
                + " values (:id, :username, :displayName, :hash, :admin, :createdAt)")
        .param("id", account.id())
        .param("username", account.username())
        .param("displayName", account.displayName())
        .param("hash", passwordHash)
        .param("admin", account.admin())
        .param("createdAt", OffsetDateTime.ofInstant(account.createdAt(), ZoneOffset.UTC))
        .update();
  }

  long count() {
    return jdbc.sql("select count(*) from users").query(Long.class).single();
  }

  List<UserAccount> findAll() {
    return jdbc.sql("select " + COLUMNS + " from users order by username")
        .query(AccountRepository::map)
        .list();
  }

  Optional<UserAccount> findByUsername(String username) {
    return jdbc.sql("select " + COLUMNS + " from users where username = :u")
        .param("u", username)
        .query(AccountRepository::map)
        .optional();
  }

  Optional<UserAccount> findById(String id) {
    return jdbc.sql("select " + COLUMNS + " from users where id = :id")
        .param("id", id)
        .query(AccountRepository::map)
        .optional();
  }

  Optional<String> passwordHash(String userId) {
    return jdbc.sql("select password_hash from users where id = :id")
        .param("id", userId)
        .query(String.class)
        .optional();
  }

  void updatePasswordHash(String userId, String hash) {
    jdbc.sql("update users set password_hash = :hash where id = :id")
        .param("hash", hash)
        .param("id", userId)
        .update();
  }

  static UserAccount map(ResultSet rs, int row) throws SQLException {
    return new UserAccount(
        rs.getString("id"),
        rs.getString("username"),
        rs.getString("display_name"),
        rs.getBoolean("admin"),
        instant(rs, "created_at"));
  }

  /** Reads a {@code timestamp with time zone} the same way on H2 and PostgreSQL. */
  static Instant instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
    return value == null ? null : value.toInstant();
  }
}
