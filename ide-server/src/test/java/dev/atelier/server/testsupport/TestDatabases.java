package dev.atelier.server.testsupport;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.Statement;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;

/**
 * Databases for repository tests, migrated with the server's Flyway scripts: a fresh in-memory H2
 * per call, and one embedded PostgreSQL (real binaries, no Docker) per JVM with a fresh database
 * per call.
 */
public final class TestDatabases {

  private static EmbeddedPostgres postgres;

  private TestDatabases() {}

  public static DataSource h2() {
    JdbcDataSource ds = new JdbcDataSource();
    ds.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    ds.setUser("sa");
    return migrate(ds);
  }

  public static synchronized DataSource postgres() {
    try {
      if (postgres == null) {
        postgres = EmbeddedPostgres.start();
        Runtime.getRuntime()
            .addShutdownHook(
                new Thread(
                    () -> {
                      try {
                        postgres.close();
                      } catch (IOException ignored) {
                        // the JVM is exiting
                      }
                    }));
      }
      String name = "t" + UUID.randomUUID().toString().replace("-", "");
      try (Connection c = postgres.getPostgresDatabase().getConnection();
          Statement s = c.createStatement()) {
        s.execute("create database " + name);
      }
      return migrate(postgres.getDatabase("postgres", name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** An ObjectMapper configured like Spring Boot's (ISO-8601 instants). */
  public static ObjectMapper objectMapper() {
    return new ObjectMapper()
        .registerModule(new JavaTimeModule())
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
  }

  private static DataSource migrate(DataSource ds) {
    Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
    return ds;
  }
}
