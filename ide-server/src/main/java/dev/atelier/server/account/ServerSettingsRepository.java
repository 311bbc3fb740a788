package dev.atelier.server.account;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The {@code server_settings} table: settings administrators change while the server runs. Every
 * server of a cluster reads the same rows.
 */
@Repository
public class ServerSettingsRepository {

  private final JdbcClient jdbc;
  private final TransactionTemplate tx;

  ServerSettingsRepository(JdbcClient jdbc, TransactionTemplate tx) {
    this.jdbc = jdbc;
    this.tx = tx;
  }

  /** The value of setting {@code name}, if one was ever stored. */
  public Optional<String> get(String name) {
    return jdbc.sql("select setting_value from server_settings where name = :name")
        .param("name", name)
        .query(String.class)
        .optional();
  }

  /** Stores {@code value} as setting {@code name} (at most 1,000 characters). */
  public void put(String name, String value, Instant at) {
    tx.executeWithoutResult(
        status -> {
          OffsetDateTime when = OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
          int updated =
              jdbc.sql(
                      "update server_settings set setting_value = :value, updated_at = :at where name = :name")
                  .param("value", value)
                  .param("at", when)
                  .param("name", name)
                  .update();
          if (updated == 0) {
            jdbc.sql(
                    "insert into server_settings (name, setting_value, updated_at)"
                        + " values (:name, :value, :at)")
                .param("name", name)
                .param("value", value)
                .param("at", when)
                .update();
          }
        });
  }
}
