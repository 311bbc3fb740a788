package dev.atelier.server.throttle;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** Growing delays, a ceiling, forgetting, and no lock that outlives the delay. */
class ThrottleTests {

  private final MutableClock clock = new MutableClock();
  private final Throttle throttle =
      new Throttle(
          new ThrottleProperties(5, 20, 30, 10, Duration.ofMinutes(15), Duration.ofHours(1)),
          clock);

  @Test
  void freeFailuresThenDoublingDelaysUpToTheCeiling() {
    for (int i = 1; i <= 5; i++) {
      throttle.failed("k", 5);
      assertThat(throttle.retryAfter("k")).as("failure %d is free", i).isZero();
    }
    throttle.failed("k", 5);
    assertThat(throttle.retryAfter("k")).isEqualTo(Duration.ofSeconds(1));
    throttle.failed("k", 5);
    assertThat(throttle.retryAfter("k")).isEqualTo(Duration.ofSeconds(2));
    throttle.failed("k", 5);
    assertThat(throttle.retryAfter("k")).isEqualTo(Duration.ofSeconds(4));
    for (int i = 0; i < 40; i++) {
      throttle.failed("k", 5);
    }
    assertThat(throttle.retryAfter("k")).isEqualTo(Duration.ofMinutes(15));
    assertThat(throttle.retryAfter("other")).isZero();
  }

  @Test
  void theBlockEndsAndASuccessOrQuietTimeStartsOver() {
    for (int i = 0; i < 8; i++) {
      throttle.failed("k", 5);
    }
    assertThat(throttle.retryAfter("k")).isPositive();
    clock.advance(Duration.ofMinutes(16));
    assertThat(throttle.retryAfter("k")).isZero(); // never a permanent lock
    assertThat(throttle.failures("k")).isEqualTo(8);
    clock.advance(Duration.ofHours(2));
    assertThat(throttle.failures("k")).isZero(); // forgotten after quiet time
    throttle.failed("k", 5);
    assertThat(throttle.failures("k")).isEqualTo(1);
    throttle.succeeded("k");
    assertThat(throttle.failures("k")).isZero();
  }

  @Test
  void theLongestWaitOfSeveralKeysCounts() {
    for (int i = 0; i < 7; i++) {
      throttle.failed("a", 5);
    }
    assertThat(throttle.retryAfter("a", "b")).isEqualTo(Duration.ofSeconds(2));
  }

  private static final class MutableClock extends Clock {
    private Instant now = Instant.parse("2026-12-01T10:00:00Z");

    void advance(Duration by) {
      now = now.plus(by);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }
}
