package dev.atelier.server.account;

import java.time.Instant;

/**
 * One sign-in attempt in the audit log.
 *
 * @param username the name as typed (also when no such account exists)
 * @param userId the account, when the name exists
 * @param address the client address (see {@code atelier.web.trusted-proxies})
 * @param outcome how it ended
 */
public record SignInEvent(
    String id, Instant at, String username, String userId, String address, Outcome outcome) {

  /** How a sign-in attempt ended. */
  public enum Outcome {
    SUCCESS,
    /** Wrong user name or password. */
    FAILURE,
    /** Refused without checking the password: too many failures before. */
    THROTTLED
  }
}
