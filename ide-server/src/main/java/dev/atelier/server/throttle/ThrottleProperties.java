package dev.atelier.server.throttle;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Throttling of failed sign-ins and secret checks ({@code atelier.throttle.*}). After the free
 * failures of a key, every further failure blocks the key for twice as long as the one before (1 s,
 * 2 s, 4 s, …, at most {@code maxDelay}); attempts while blocked are answered 429 without being
 * checked. A success clears the key; a key without failures for {@code forgetAfter} starts over.
 *
 * @param loginFreeFailures failed sign-ins of one account from one client address before it is
 *     throttled
 * @param accountAlarmFailures failed sign-ins of one account from all addresses together after
 *     which every address gets only one free failure for it (a distributed guess); addresses that
 *     did not fail for it are not affected, so the real owner still gets in
 * @param addressFreeFailures failed sign-ins from one client address, whatever the account, before
 *     the address is throttled for all accounts
 * @param secretFreeFailures invalid API tokens or share-link secrets from one client address (and,
 *     for share links, per signed-in user) before it is throttled
 * @param maxDelay the longest a key is blocked after one failure
 * @param forgetAfter a key without a failure for this long is forgotten
 */
@ConfigurationProperties("atelier.throttle")
public record ThrottleProperties(
    @DefaultValue("5") int loginFreeFailures,
    @DefaultValue("20") int accountAlarmFailures,
    @DefaultValue("30") int addressFreeFailures,
    @DefaultValue("10") int secretFreeFailures,
    @DefaultValue("15m") Duration maxDelay,
    @DefaultValue("1h") Duration forgetAfter) {

  public ThrottleProperties {
    if (loginFreeFailures < 1 || addressFreeFailures < 1 || secretFreeFailures < 1) {
      throw new IllegalArgumentException(
          "atelier.throttle.*-free-failures must be at least 1 (the first failure is always free)");
    }
    if (maxDelay.isNegative() || maxDelay.isZero() || forgetAfter.compareTo(maxDelay) < 0) {
      throw new IllegalArgumentException(
          "atelier.throttle.max-delay must be positive and not longer than forget-after");
    }
  }
}
