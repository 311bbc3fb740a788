package dev.atelier.server.account;

import dev.atelier.server.error.AtelierException;
import dev.atelier.server.error.ErrorCode;
import java.time.Instant;
import org.springframework.stereotype.Service;

/**
 * Whether people may create their own (non-admin) account, e.g. guests who received a share link.
 * The setting lives in the database (table {@code server_settings}, name {@value #SETTING}), so an
 * administrator turns it on and off at run time (Users page or {@code PUT
 * /api/users/self-registration}) and every server of a cluster sees the same value. Off by default.
 */
@Service
public class SelfRegistration {

  static final String SETTING = "accounts.self-registration";

  private final ServerSettingsRepository settings;
  private final AccountService accounts;

  SelfRegistration(ServerSettingsRepository settings, AccountService accounts) {
    this.settings = settings;
    this.accounts = accounts;
  }

  /** Whether self-registration is on. */
  public boolean enabled() {
    return settings.get(SETTING).map(Boolean::parseBoolean).orElse(false);
  }

  /**
   * Turns self-registration on or off.
   *
   * @throws AtelierException {@code FORBIDDEN} unless {@code admin} is an administrator
   */
  public void setEnabled(UserAccount admin, boolean enabled) {
    if (admin == null || !admin.admin()) {
      throw new AtelierException(
          ErrorCode.FORBIDDEN, "Only administrators can change self-registration.");
    }
    settings.put(SETTING, Boolean.toString(enabled), Instant.now());
  }

  /**
   * Creates a regular (non-admin) account for someone who signs up themselves.
   *
   * @throws AtelierException {@code REGISTRATION_DISABLED} when self-registration is off, else the
   *     errors of {@link AccountService#createUser}
   */
  public UserAccount register(String username, String password, String displayName) {
    if (!enabled()) {
      throw new AtelierException(
          ErrorCode.REGISTRATION_DISABLED,
          "This server does not let people create their own account. Ask an administrator to"
              + " create one for you.");
    }
    return accounts.createUser(username, password, displayName, false);
  }
}
