package dev.atelier.server.account;

/**
 * {@code ATELIER_ADMIN_TOKEN} is too short or too simple to be an admin credential; the server
 * refuses to start ({@link WeakAdminTokenFailureAnalyzer} explains how to fix it).
 */
public class WeakAdminTokenException extends IllegalStateException {

  /** At least this many characters. */
  static final int MIN_LENGTH = 32;

  /** At least this many different characters (a random hex string of 32 has about 16). */
  static final int MIN_DISTINCT = 12;

  WeakAdminTokenException(String reason) {
    super("ATELIER_ADMIN_TOKEN (atelier.admin.token) is not strong enough: " + reason);
  }

  /** Throws unless {@code token} is long and varied enough; never mentions the value. */
  static void check(String token) {
    if (token.length() < MIN_LENGTH) {
      throw new WeakAdminTokenException(
          "it has " + token.length() + " characters, at least " + MIN_LENGTH + " are needed");
    }
    long distinct = token.codePoints().distinct().count();
    if (distinct < MIN_DISTINCT) {
      throw new WeakAdminTokenException(
          "it uses only "
              + distinct
              + " different characters, at least "
              + MIN_DISTINCT
              + " are needed");
    }
  }
}
