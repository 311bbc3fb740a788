package dev.atelier.server.account;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * The audit log of sign-ins ({@code sign_in_events}): every form-login attempt with its outcome,
 * client address and time, for administrators. Entries older than {@link #RETENTION_DAYS} days are
 * dropped as new ones arrive.
 */
@Service
public class SignInLog {

  /** How long entries are kept. */
  static final int RETENTION_DAYS = 90;

  private static final int MAX_NAME = 64;

  private final JdbcClient jdbc;
  private final AccountService accounts;
  private final Clock clock = Clock.systemUTC();
  private volatile Instant lastPurge = Instant.EPOCH;

  SignInLog(JdbcClient jdbc, AccountService accounts) {
    this.jdbc = jdbc;
    this.accounts = accounts;
  }

  /** Records an attempt; the account is looked up by name (the same work for unknown names). */
  public void record(String typedName, String address, SignInEvent.Outcome outcome) {
    String name = clean(typedName, MAX_NAME);
    String userId = accounts.findByUsername(name).map(UserAccount::id).orElse(null);
    Instant now = clock.instant();
    jdbc.sql(
            "insert into sign_in_events (id, at, username, user_id, address, outcome)"
                + " values (:id, :at, :username, :userId, :address, :outcome)")
        .param("id", UUID.randomUUID().toString())
        .param("at", OffsetDateTime.ofInstant(now, ZoneOffset.UTC))
        .param("username", name)
        .param("userId", userId)
        .param("address", clean(address, 64))
        .param("outcome", outcome.name())
        .update();
    if (now.isAfter(lastPurge.plus(1, ChronoUnit.HOURS))) {
      lastPurge = now;
      jdbc.sql("delete from sign_in_events where at < :cutoff")
          .param(
              "cutoff",
              OffsetDateTime.ofInstant(now.minus(RETENTION_DAYS, ChronoUnit.DAYS), ZoneOffset.UTC))
          .update();
    }
  }

  /** The newest entries first, at most {@code limit} (1–1,000). */
  public List<SignInEvent> recent(int limit) {
    int bounded = Math.max(1, Math.min(limit, 1000));
    return jdbc.sql(
            "select id, at, username, user_id, address, outcome from sign_in_events"
                + " order by at desc limit :limit")
        .param("limit", bounded)
        .query(
            (rs, row) ->
                new SignInEvent(
                    rs.getString("id"),
                    rs.getObject("at", OffsetDateTime.class).toInstant(),
                    rs.getString("username"),
                    rs.getString("user_id"),
                    rs.getString("address"),
                    SignInEvent.Outcome.valueOf(rs.getString("outcome"))))
        .list();
  }

  /** Trimmed, control characters replaced, cut to {@code max} characters. */
  static String clean(String value, int max) {
    if (value == null) {
      return "";
    }
    StringBuilder out = new StringBuilder();
    value
        .strip()
        .codePoints()
        .limit(max)
        .forEach(c -> out.appendCodePoint(Character.isISOControl(c) ? '?' : c));
    String result = out.toString();
    return result.length() > max ? result.substring(0, max) : result;
  }
}
