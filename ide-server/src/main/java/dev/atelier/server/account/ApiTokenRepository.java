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

/** The {@code api_tokens} table: tokens are found by the SHA-256 of their secret. */
@Repository
class ApiTokenRepository {

  private static final String COLUMNS = "id, user_id, name, created_at, last_used_at";

  private final JdbcClient jdbc;

  ApiTokenRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  void insert(ApiToken token, String secretHash) {
    jdbc.sql(
            "insert into api_tokens (id, user_id, name, secret_hash, created_at)"
                + " values (:id, :userId, :name, :hash, :createdAt)")
        .param("id", token.id())
        .param("userId", token.userId())
        .param("name", token.name())
        .param("hash", secretHash)
        .param("createdAt", utc(token.createdAt()))
        .update();
  }

  List<ApiToken> findByUser(String userId) {
    return jdbc.sql(
            "select "
                + COLUMNS
                + " from api_tokens where user_id = :u"
                + " order by created_at, id")
        .param("u", userId)
        .query(ApiTokenRepository::map)
        .list();
  }

  long countByUser(String userId) {
    return jdbc.sql("select count(*) from api_tokens where user_id = :u")
        .param("u", userId)
        .query(Long.class)
        .single();
  }

  Optional<ApiToken> findBySecretHash(String hash) {
    return jdbc.sql("select " + COLUMNS + " from api_tokens where secret_hash = :h")
        .param("h", hash)
        .query(ApiTokenRepository::map)
        .optional();
  }

  boolean delete(String userId, String tokenId) {
    return jdbc.sql("delete from api_tokens where id = :id and user_id = :u")
            .param("id", tokenId)
            .param("u", userId)
            .update()
        == 1;
  }

  void touch(String tokenId, Instant at) {
    jdbc.sql("update api_tokens set last_used_at = :at where id = :id")
        .param("at", utc(at))
        .param("id", tokenId)
        .update();
  }

  private static OffsetDateTime utc(Instant instant) {
    return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
  }

  private static ApiToken map(ResultSet rs, int row) throws SQLException {
    return new ApiToken(
        rs.getString("id"),
        rs.getString("user_id"),
        rs.getString("name"),
        AccountRepository.instant(rs, "created_at"),
        AccountRepository.instant(rs, "last_used_at"));
  }
}
