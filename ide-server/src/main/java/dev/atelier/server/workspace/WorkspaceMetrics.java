package dev.atelier.server.workspace;

import dev.atelier.runtime.spi.Phase;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.stereotype.Component;

/**
 * Workspace meters: {@code atelier.workspaces{phase}} (gauge, from the database so that it is right
 * across restarts and servers), {@code atelier.workspace.start} (timer from the start request to
 * RUNNING, with a histogram for percentiles) and {@code atelier.workspace.start.failures}.
 */
@Component
class WorkspaceMetrics {

  /** The phase counts are read at most this often, however often Prometheus scrapes. */
  private static final long CACHE_NANOS = Duration.ofSeconds(5).toNanos();

  private final WorkspaceRepository repository;
  private final Timer startTimer;
  private final Counter startFailures;
  private final AtomicReference<Snapshot> snapshot = new AtomicReference<>();

  WorkspaceMetrics(WorkspaceRepository repository, MeterRegistry registry) {
    this.repository = repository;
    for (Phase phase : Phase.values()) {
      Gauge.builder("atelier.workspaces", this, m -> m.count(phase))
          .description("Workspaces by lifecycle phase")
          .tag("phase", phase.name())
          .register(registry);
    }
    this.startTimer =
        Timer.builder("atelier.workspace.start")
            .description("Time from a start request to RUNNING")
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofMillis(10))
            .maximumExpectedValue(Duration.ofMinutes(10))
            .register(registry);
    this.startFailures =
        Counter.builder("atelier.workspace.start.failures")
            .description("Starts that ended FAILED")
            .register(registry);
  }

  void started(Duration duration) {
    startTimer.record(duration);
  }

  void startFailed() {
    startFailures.increment();
  }

  /** Drops the cached counts, e.g. after a transition. */
  void invalidate() {
    snapshot.set(null);
  }

  private double count(Phase phase) {
    long now = System.nanoTime();
    Snapshot current = snapshot.get();
    if (current == null || now - current.readAt > CACHE_NANOS) {
      current = new Snapshot(repository.countByPhase(), now);
      snapshot.set(current);
    }
    return current.counts.getOrDefault(phase, 0L);
  }

  private record Snapshot(Map<Phase, Long> counts, long readAt) {}
}
