package dev.atelier.gateway;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * When to restart a crashed language server: after {@code restartBackoff}, doubled for each
 * consecutive crash up to {@code maxRestartBackoff}, and not at all after {@code maxRestarts}
 * crashes in a row. A server that ran for a minute before crashing starts a fresh sequence. A
 * server that could not run at all is retried on demand once {@code maxRestartBackoff} has passed.
 * Confined to the workspace's executor.
 */
final class RestartPolicy {

  private static final long STABLE_NANOS = TimeUnit.SECONDS.toNanos(60);

  private final GatewayOptions options;
  private int consecutiveCrashes;
  private long startedAt;
  private long failedAt;

  RestartPolicy(GatewayOptions options) {
    this.options = options;
  }

  /** A process was started. */
  void started() {
    startedAt = System.nanoTime();
  }

  /** The delay before the restart after a crash, or empty to give up. */
  Optional<Duration> crashed() {
    if (startedAt != 0 && System.nanoTime() - startedAt > STABLE_NANOS) {
      consecutiveCrashes = 0;
    }
    consecutiveCrashes++;
    if (consecutiveCrashes > options.maxRestarts()) {
      return Optional.empty();
    }
    long millis =
        Math.min(
            options.restartBackoff().toMillis() << Math.min(20, consecutiveCrashes - 1),
            options.maxRestartBackoff().toMillis());
    return Optional.of(Duration.ofMillis(millis));
  }

  /** The server was given up. */
  void failed() {
    failedAt = System.nanoTime();
  }

  /** Whether a given-up server may be tried again now; resets the crash count if so. */
  boolean mayRetry() {
    if (System.nanoTime() - failedAt < options.maxRestartBackoff().toNanos()) {
      return false;
    }
    consecutiveCrashes = 0;
    return true;
  }
}
