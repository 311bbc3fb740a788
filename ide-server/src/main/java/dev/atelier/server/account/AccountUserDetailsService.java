package dev.atelier.server.account;

import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Component;

/** Form login: loads an account and its password hash as an {@link AtelierPrincipal}. */
@Component
class AccountUserDetailsService implements UserDetailsService {

  private final AccountService accounts;

  AccountUserDetailsService(AccountService accounts) {
    this.accounts = accounts;
  }

  @Override
  public UserDetails loadUserByUsername(String username) {
    UserAccount account =
        accounts
            .findByUsername(username)
            .orElseThrow(() -> new UsernameNotFoundException("no such user"));
    String hash =
        accounts
            .passwordHash(account.id())
            .orElseThrow(() -> new UsernameNotFoundException("no such user"));
    return new AtelierPrincipal(account.id(), account.username(), account.admin(), hash);
  }
}
