package dev.atelier.server.ui;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Renders instants the way a dashboard reads best: relative when recent, a date otherwise. */
final class TimeFormat {

  private static final DateTimeFormatter DATE =
      DateTimeFormatter.ofPattern("d MMM yyyy", Locale.ENGLISH);

  private final Clock clock;

  TimeFormat(Clock clock) {
    this.clock = clock;
  }

  static TimeFormat system() {
    return new TimeFormat(Clock.systemDefaultZone());
  }

  /** {@code just now}, {@code 5 minutes ago}, {@code 3 hours ago}, {@code 2 days ago}, a date. */
  String relative(Instant instant) {
    if (instant == null) {
      return "never";
    }
    Duration age = Duration.between(instant, clock.instant());
    if (age.isNegative() || age.toSeconds() < 60) {
      // Clocks of two servers may disagree by a few seconds: a future instant is "just now".
      return "just now";
    }
    if (age.toMinutes() < 60) {
      return plural(age.toMinutes(), "minute") + " ago";
    }
    if (age.toHours() < 24) {
      return plural(age.toHours(), "hour") + " ago";
    }
    if (age.toDays() < 7) {
      return age.toDays() == 1 ? "yesterday" : plural(age.toDays(), "day") + " ago";
    }
    return absolute(instant);
  }

  /** A calendar date in the server's zone, e.g. {@code 22 Nov 2026}. */
  String absolute(Instant instant) {
    if (instant == null) {
      return "never";
    }
    ZoneId zone = clock.getZone();
    return DATE.format(instant.atZone(zone));
  }

  private static String plural(long count, String unit) {
    return count + " " + unit + (count == 1 ? "" : "s");
  }
}
