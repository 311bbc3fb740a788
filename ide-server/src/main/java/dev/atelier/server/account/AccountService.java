package dev.atelier.server.account;

import dev.atelier.server.error.AtelierException;
import dev.atelier.server.error.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;

/**
 * Local user accounts. Passwords are hashed with the application's {@link PasswordEncoder} (a
 * delegating encoder whose default is BCrypt, so hashes carry an {@code {bcrypt}} prefix and can be
 * upgraded later).
 */
@Service
public class AccountService {

  /** Lower case letters, digits and {@code . _ -}, starting with a letter or digit, 2–32 long. */
  public static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9._-]{1,31}");

  /** BCrypt reads at most 72 bytes of a password; longer ones are refused, not truncated. */
  static final int MAX_PASSWORD_BYTES = 72;

  static final int MIN_PASSWORD_LENGTH = 8;

  private final AccountRepository accounts;
  private final PasswordEncoder passwordEncoder;
  private final SecurityContextHolderStrategy securityContexts;

  @Autowired
  AccountService(
      AccountRepository accounts,
      PasswordEncoder passwordEncoder,
      ObjectProvider<SecurityContextHolderStrategy> securityContexts) {
    this(
        accounts,
        passwordEncoder,
        securityContexts.getIfAvailable(SecurityContextHolder::getContextHolderStrategy));
  }

  /**
   * @param securityContexts where the security filters keep the authentication: the application's
   *     strategy bean (Vaadin's), not necessarily the JVM-global one
   */
  AccountService(
      AccountRepository accounts,
      PasswordEncoder passwordEncoder,
      SecurityContextHolderStrategy securityContexts) {
    this.accounts = accounts;
    this.passwordEncoder = passwordEncoder;
    this.securityContexts = securityContexts;
  }

  /**
   * Creates an account.
   *
   * @throws AtelierException {@code INVALID_USERNAME}, {@code WEAK_PASSWORD} or {@code
   *     USERNAME_TAKEN}
   */
  public UserAccount createUser(
      String username, String password, String displayName, boolean admin) {
    if (username == null || !USERNAME.matcher(username).matches()) {
      throw new AtelierException(
          ErrorCode.INVALID_USERNAME,
          "User name '"
              + username
              + "' is not valid: use 2-32 lower case letters, digits,"
              + " '.', '_' or '-', starting with a letter or digit.");
    }
    checkPassword(password);
    String shownName =
        displayName == null || displayName.isBlank() ? username : displayName.strip();
    if (shownName.length() > 100) {
      throw new AtelierException(
          ErrorCode.VALIDATION_FAILED, "Display name is too long: use at most 100 characters.");
    }
    if (accounts.findByUsername(username).isPresent()) {
      throw taken(username);
    }
    UserAccount account =
        new UserAccount(
            UUID.randomUUID().toString(),
            username,
            shownName,
            admin,
            Instant.now().truncatedTo(ChronoUnit.MILLIS));
    try {
      accounts.insert(account, passwordEncoder.encode(password));
    } catch (DuplicateKeyException e) {
      throw taken(username);
    }
    return account;
  }

  /**
   * Changes a user's password after checking the current one.
   *
   * @throws AtelierException {@code FORBIDDEN} when the current password is wrong, {@code
   *     WEAK_PASSWORD} when the new one is too short or long
   */
  public void changePassword(String userId, String currentPassword, String newPassword) {
    String hash = accounts.passwordHash(userId).orElseThrow(() -> userNotFound(userId));
    if (currentPassword == null || !passwordEncoder.matches(currentPassword, hash)) {
      throw new AtelierException(ErrorCode.FORBIDDEN, "The current password is not correct.");
    }
    checkPassword(newPassword);
    accounts.updatePasswordHash(userId, passwordEncoder.encode(newPassword));
  }

  /** Every account, by user name. */
  public List<UserAccount> listUsers() {
    return accounts.findAll();
  }

  public Optional<UserAccount> findByUsername(String username) {
    return username == null ? Optional.empty() : accounts.findByUsername(username);
  }

  public Optional<UserAccount> findById(String id) {
    return id == null ? Optional.empty() : accounts.findById(id);
  }

  /**
   * The account of the authenticated user of the current request or Vaadin session, whether they
   * logged in with a password or an API token.
   *
   * @throws AtelierException {@code UNAUTHENTICATED} when nobody is logged in (or the account has
   *     been removed since)
   */
  public UserAccount currentUser() {
    Authentication auth = securityContexts.getContext().getAuthentication();
    if (auth != null
        && auth.isAuthenticated()
        && auth.getPrincipal() instanceof AtelierPrincipal principal) {
      return accounts
          .findById(principal.userId())
          .orElseThrow(
              () ->
                  new AtelierException(
                      ErrorCode.UNAUTHENTICATED, "Your account no longer exists. Log in again."));
    }
    throw new AtelierException(ErrorCode.UNAUTHENTICATED, "Log in or send an API token.");
  }

  long countUsers() {
    return accounts.count();
  }

  /** The stored password hash, for the login {@code UserDetailsService}. */
  Optional<String> passwordHash(String userId) {
    return accounts.passwordHash(userId);
  }

  private static void checkPassword(String password) {
    if (password == null || password.length() < MIN_PASSWORD_LENGTH) {
      throw new AtelierException(
          ErrorCode.WEAK_PASSWORD,
          "The password is too short: use at least " + MIN_PASSWORD_LENGTH + " characters.");
    }
    if (password.getBytes(StandardCharsets.UTF_8).length > MAX_PASSWORD_BYTES) {
      throw new AtelierException(
          ErrorCode.WEAK_PASSWORD,
          "The password is too long: use at most " + MAX_PASSWORD_BYTES + " bytes.");
    }
  }

  private static AtelierException taken(String username) {
    return new AtelierException(
        ErrorCode.USERNAME_TAKEN, "User name '" + username + "' is taken: choose another one.");
  }

  private static AtelierException userNotFound(String id) {
    return new AtelierException(ErrorCode.USER_NOT_FOUND, "No user with id " + id + ".");
  }
}
