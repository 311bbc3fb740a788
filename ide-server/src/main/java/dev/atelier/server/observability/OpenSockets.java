package dev.atelier.server.observability;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.stereotype.Component;

/**
 * Counts open WebSocket connections per endpoint kind ({@code status}, {@code terminal}, {@code
 * collab}…), exported as the gauge {@code atelier.sockets.open{kind=…}}. A WebSocket handler calls
 * {@link #opened} when a connection is established and closes the returned handle when it ends.
 */
@Component
public class OpenSockets {

  private final MeterRegistry registry;
  private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();

  public OpenSockets(MeterRegistry registry) {
    this.registry = registry;
  }

  /**
   * Records an open connection of {@code kind}.
   *
   * @return a handle whose {@code close()} records the connection as closed; idempotent
   */
  public AutoCloseable opened(String kind) {
    AtomicInteger count = counter(kind);
    count.incrementAndGet();
    AtomicBoolean closed = new AtomicBoolean();
    return () -> {
      if (closed.compareAndSet(false, true)) {
        count.decrementAndGet();
      }
    };
  }

  /** Open connections of {@code kind} right now. */
  public int count(String kind) {
    AtomicInteger count = counts.get(kind);
    return count == null ? 0 : count.get();
  }

  private AtomicInteger counter(String kind) {
    return counts.computeIfAbsent(
        kind,
        k -> {
          AtomicInteger count = new AtomicInteger();
          Gauge.builder("atelier.sockets.open", count, AtomicInteger::get)
              .description("Open WebSocket connections")
              .tag("kind", k)
              .register(registry);
          return count;
        });
  }
}
