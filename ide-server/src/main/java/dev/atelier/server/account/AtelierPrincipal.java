package dev.atelier.server.account;

import java.util.Collection;
import java.util.List;
import org.springframework.security.core.CredentialsContainer;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;

/**
 * The authenticated principal for both form login and API tokens. Carries the account id so that
 * services can find the account without a lookup by name. Roles: {@code ROLE_USER} for everyone,
 * {@code ROLE_ADMIN} for admins.
 */
public final class AtelierPrincipal implements UserDetails, CredentialsContainer {

  private static final long serialVersionUID = 1L;

  private final String userId;
  private final String username;
  private final boolean admin;
  private String passwordHash;

  public AtelierPrincipal(String userId, String username, boolean admin, String passwordHash) {
    this.userId = userId;
    this.username = username;
    this.admin = admin;
    this.passwordHash = passwordHash;
  }

  static AtelierPrincipal of(UserAccount account) {
    return new AtelierPrincipal(account.id(), account.username(), account.admin(), null);
  }

  public String userId() {
    return userId;
  }

  public boolean admin() {
    return admin;
  }

  @Override
  public Collection<? extends GrantedAuthority> getAuthorities() {
    return admin
        ? List.of(new SimpleGrantedAuthority("ROLE_USER"), new SimpleGrantedAuthority("ROLE_ADMIN"))
        : List.of(new SimpleGrantedAuthority("ROLE_USER"));
  }

  @Override
  public String getPassword() {
    return passwordHash;
  }

  @Override
  public String getUsername() {
    return username;
  }

  @Override
  public void eraseCredentials() {
    passwordHash = null;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AtelierPrincipal other && other.userId.equals(userId);
  }

  @Override
  public int hashCode() {
    return userId.hashCode();
  }

  @Override
  public String toString() {
    return "AtelierPrincipal[" + username + "]";
  }
}
