package dev.atelier.server.account;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * First-start provisioning of the admin account ({@code atelier.admin.*}; the environment variables
 * {@code ATELIER_ADMIN_PASSWORD} and {@code ATELIER_ADMIN_TOKEN} bind here). Applied only when the
 * database has no user yet; later starts ignore them, so changing them does not reset an existing
 * account.
 *
 * @param username name of the admin account created at first start (default {@code admin})
 * @param password its password; when unset a random one is generated and printed once to the log
 * @param token an API token (at least 32 characters, at least 12 different ones) to provision for
 *     the admin account, for automation that has to call the API right after the first start
 */
@ConfigurationProperties("atelier.admin")
public record AdminProperties(String username, String password, String token) {
  public AdminProperties {
    username = username == null || username.isBlank() ? "admin" : username;
  }
}
