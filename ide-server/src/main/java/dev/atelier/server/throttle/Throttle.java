package dev.atelier.server.throttle;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Counts failures per key (an account and address, an address, a user…) and blocks a key with
 * growing delays once its free failures are used up: {@code 1 s × 2^(n − free − 1)} after the n-th
 * failure, at most {@code atelier.throttle.max-delay}. Never a permanent lock: a key is blocked at
 * most that long after its last failure, and a success clears it. In memory, per server.
 */
@Component
public class Throttle {

  /** Entries beyond this are pruned (forgotten ones first) so guessing cannot exhaust memory. */
  private static final int MAX_ENTRIES = 100_000;

  private final ThrottleProperties properties;
  private final Clock clock;
  private final Map<String, Entry> entries = new ConcurrentHashMap<>();

  @Autowired
  public Throttle(ThrottleProperties properties) {
    this(properties, Clock.systemUTC());
  }

  Throttle(ThrottleProperties properties, Clock clock) {
    this.properties = properties;
    this.clock = clock;
  }

  public ThrottleProperties properties() {
    return properties;
  }

  /** How long {@code key} must still wait; zero when it may try now. */
  public Duration retryAfter(String key) {
    Entry entry = entries.get(key);
    if (entry == null) {
      return Duration.ZERO;
    }
    Duration left = Duration.between(clock.instant(), entry.blockedUntil());
    return left.isNegative() ? Duration.ZERO : left;
  }

  /** The longest wait of {@code keys}. */
  public Duration retryAfter(String... keys) {
    Duration longest = Duration.ZERO;
    for (String key : keys) {
      Duration wait = retryAfter(key);
      if (wait.compareTo(longest) > 0) {
        longest = wait;
      }
    }
    return longest;
  }

  /** Number of failures counted for {@code key} (and not forgotten). */
  public int failures(String key) {
    Entry entry = entries.get(key);
    return entry == null || forgotten(entry, clock.instant()) ? 0 : entry.failures();
  }

  /**
   * Records a failure of {@code key}; after {@code free} failures the key is blocked.
   *
   * @return the failures counted now
   */
  public int failed(String key, int free) {
    Instant now = clock.instant();
    Entry updated =
        entries.compute(
            key,
            (k, old) -> {
              int failures = old == null || forgotten(old, now) ? 1 : old.failures() + 1;
              Instant blockedUntil = now.plus(delay(failures, free));
              return new Entry(failures, now, blockedUntil);
            });
    if (entries.size() > MAX_ENTRIES) {
      prune(now);
    }
    return updated.failures();
  }

  /** A success: {@code key} starts over. */
  public void succeeded(String key) {
    entries.remove(key);
  }

  Duration delay(int failures, int free) {
    if (failures <= free) {
      return Duration.ZERO;
    }
    int doublings = Math.min(failures - free - 1, 30);
    Duration delay = Duration.ofSeconds(1L << doublings);
    return delay.compareTo(properties.maxDelay()) > 0 ? properties.maxDelay() : delay;
  }

  private boolean forgotten(Entry entry, Instant now) {
    return entry.lastFailure().plus(properties.forgetAfter()).isBefore(now);
  }

  private void prune(Instant now) {
    entries.values().removeIf(e -> forgotten(e, now));
    if (entries.size() > MAX_ENTRIES) {
      // Under a flood of distinct keys: drop the ones not blocked now; blocked keys stay blocked.
      entries.values().removeIf(e -> !e.blockedUntil().isAfter(now));
    }
  }

  private record Entry(int failures, Instant lastFailure, Instant blockedUntil) {}
}
