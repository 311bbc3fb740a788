package dev.atelier.server.account;

import dev.atelier.server.error.AtelierException;
import dev.atelier.server.error.ErrorCode;
import java.security.SecureRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/**
 * Creates the admin account when the database has no user yet, before the web server accepts
 * requests (singletons are initialised before the server starts). The generated password is logged
 * exactly once, at that first start.
 */
@Component
class AdminBootstrap implements SmartInitializingSingleton {

  private static final Logger log = LoggerFactory.getLogger(AdminBootstrap.class);
  private static final String ALPHABET =
      "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

  private final AccountService accounts;
  private final ApiTokenService tokens;
  private final AdminProperties properties;
  private final SecureRandom random = new SecureRandom();

  AdminBootstrap(AccountService accounts, ApiTokenService tokens, AdminProperties properties) {
    this.accounts = accounts;
    this.tokens = tokens;
    this.properties = properties;
  }

  @Override
  public void afterSingletonsInstantiated() {
    String token = blankToNull(properties.token());
    if (token != null) {
      WeakAdminTokenException.check(token); // never prints the value: it is a credential
    }
    if (accounts.countUsers() > 0) {
      if (token != null && !tokens.exists(token)) {
        log.warn(
            "ATELIER_ADMIN_TOKEN is set but is only applied at the first start, and this"
                + " database already has users: the token is not valid. Create tokens in your profile.");
      }
      return;
    }
    String password = blankToNull(properties.password());
    boolean generated = password == null;
    if (generated) {
      password = generatePassword();
    }
    UserAccount admin;
    try {
      admin = accounts.createUser(properties.username(), password, "Administrator", true);
    } catch (AtelierException e) {
      if (e.code() != ErrorCode.USERNAME_TAKEN) {
        throw e;
      }
      log.info("Another server created the first account concurrently; not creating it again.");
      return;
    }
    if (generated) {
      log.warn(
          "\n\n  Created the admin account '{}' with the generated password:\n\n      {}\n\n"
              + "  It is shown only this once. Log in and change it, or set ATELIER_ADMIN_PASSWORD"
              + " before the first start.\n",
          admin.username(),
          password);
    } else {
      log.info(
          "Created the admin account '{}' with the password from ATELIER_ADMIN_PASSWORD.",
          admin.username());
    }
    if (token != null) {
      tokens.provision(admin.id(), "ATELIER_ADMIN_TOKEN", token);
      log.info("Provisioned the API token from ATELIER_ADMIN_TOKEN for '{}'.", admin.username());
    }
  }

  private String generatePassword() {
    StringBuilder sb = new StringBuilder(20);
    for (int i = 0; i < 20; i++) {
      sb.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
    }
    return sb.toString();
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
