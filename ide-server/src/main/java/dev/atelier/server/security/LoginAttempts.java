package dev.atelier.server.security;

import dev.atelier.server.account.SignInEvent;
import dev.atelier.server.account.SignInLog;
import dev.atelier.server.throttle.Throttle;
import dev.atelier.server.throttle.ThrottleProperties;
import java.time.Duration;
import java.util.Locale;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.stereotype.Component;

/**
 * Form-login attempts: decides whether one may be checked at all ({@link #retryAfter}) and records
 * how each checked one ended, in the throttle and in the audit log. Three keys count failures: the
 * account from this address (throttled after {@code login-free-failures}), the address for every
 * account ({@code address-free-failures}), and the account from all addresses ({@code
 * account-alarm-failures}: from then on each address gets a single free failure for it). An address
 * that has not failed for an account is never refused for it because of other addresses, so a flood
 * of wrong passwords cannot lock the owner out.
 */
@Component
class LoginAttempts {

  private final Throttle throttle;
  private final SignInLog log;

  LoginAttempts(Throttle throttle, SignInLog log) {
    this.throttle = throttle;
    this.log = log;
  }

  /** How long a sign-in as {@code username} from {@code address} must wait; zero if it may try. */
  Duration retryAfter(String username, String address) {
    return throttle.retryAfter(pairKey(username, address), addressKey(address));
  }

  /** A sign-in refused unchecked because of {@link #retryAfter}. */
  void throttled(String username, String address) {
    log.record(username, address, SignInEvent.Outcome.THROTTLED);
  }

  @EventListener
  void failed(AbstractAuthenticationFailureEvent event) {
    formLogin(event.getAuthentication())
        .ifPresent(
            attempt -> {
              ThrottleProperties limits = throttle.properties();
              int accountFailures =
                  throttle.failed(accountKey(attempt.username()), Integer.MAX_VALUE);
              int free =
                  accountFailures > limits.accountAlarmFailures() ? 1 : limits.loginFreeFailures();
              throttle.failed(pairKey(attempt.username(), attempt.address()), free);
              throttle.failed(addressKey(attempt.address()), limits.addressFreeFailures());
              log.record(attempt.username(), attempt.address(), SignInEvent.Outcome.FAILURE);
            });
  }

  @EventListener
  void succeeded(AuthenticationSuccessEvent event) {
    formLogin(event.getAuthentication())
        .ifPresent(
            attempt -> {
              throttle.succeeded(pairKey(attempt.username(), attempt.address()));
              log.record(attempt.username(), attempt.address(), SignInEvent.Outcome.SUCCESS);
            });
  }

  /** The typed name and client address of a form login (API tokens are not authentications). */
  private static java.util.Optional<Attempt> formLogin(Authentication authentication) {
    if (authentication instanceof AbstractAuthenticationToken token
        && token.getDetails() instanceof WebAuthenticationDetails details) {
      return java.util.Optional.of(new Attempt(token.getName(), details.getRemoteAddress()));
    }
    return java.util.Optional.empty();
  }

  private record Attempt(String username, String address) {}

  static String normalize(String username) {
    return username == null ? "" : username.strip().toLowerCase(Locale.ROOT);
  }

  private static String pairKey(String username, String address) {
    return "login:" + normalize(username) + "@" + address;
  }

  private static String accountKey(String username) {
    return "login-account:" + normalize(username);
  }

  private static String addressKey(String address) {
    return "login-address:" + address;
  }
}
