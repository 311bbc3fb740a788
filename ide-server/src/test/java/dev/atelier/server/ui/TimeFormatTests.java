package dev.atelier.server.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class TimeFormatTests {

  private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
  private final TimeFormat format = new TimeFormat(Clock.fixed(NOW, ZoneOffset.UTC));

  @Test
  void recentInstantsAreRelative() {
    assertThat(format.relative(NOW.minusSeconds(5))).isEqualTo("just now");
    assertThat(format.relative(NOW.minus(Duration.ofMinutes(1)))).isEqualTo("1 minute ago");
    assertThat(format.relative(NOW.minus(Duration.ofMinutes(59)))).isEqualTo("59 minutes ago");
    assertThat(format.relative(NOW.minus(Duration.ofHours(3)))).isEqualTo("3 hours ago");
    assertThat(format.relative(NOW.minus(Duration.ofHours(30)))).isEqualTo("yesterday");
    assertThat(format.relative(NOW.minus(Duration.ofDays(6)))).isEqualTo("6 days ago");
  }

  @Test
  void olderInstantsAreDates() {
    assertThat(format.relative(NOW.minus(Duration.ofDays(40)))).isEqualTo("13 Oct 2026");
  }

  @Test
  void missingAndFutureInstantsAreReadable() {
    assertThat(format.relative(null)).isEqualTo("never");
    assertThat(format.relative(NOW.plusSeconds(3))).isEqualTo("just now");
  }
}
