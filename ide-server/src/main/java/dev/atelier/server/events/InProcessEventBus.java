package dev.atelier.server.events;

import java.util.ArrayDeque;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * The event bus of a single server. Each subscription has its own queue, drained on a small shared
 * thread pool one event at a time, so a subscriber sees events in order, a slow subscriber delays
 * only itself, and publishers (runtime threads among them) never block. A subscriber that falls
 * more than {@link #DEFAULT_QUEUE_CAPACITY} events behind loses the newest ones, with a warning,
 * rather than exhausting memory.
 */
@Component
@ConditionalOnProperty(
    prefix = "atelier.events",
    name = "bus",
    havingValue = "in-process",
    matchIfMissing = true)
public class InProcessEventBus implements EventBus, DisposableBean {

  static final int DEFAULT_QUEUE_CAPACITY = 10_000;

  /** Events a subscription delivers before yielding its thread to other subscriptions. */
  private static final int BATCH = 64;

  private static final Logger log = LoggerFactory.getLogger(InProcessEventBus.class);

  private final ExecutorService executor;
  private final int queueCapacity;
  private final CopyOnWriteArrayList<Subscription<?>> subscriptions = new CopyOnWriteArrayList<>();

  public InProcessEventBus() {
    this(2, DEFAULT_QUEUE_CAPACITY);
  }

  InProcessEventBus(int threads, int queueCapacity) {
    AtomicInteger n = new AtomicInteger();
    this.executor =
        Executors.newFixedThreadPool(
            threads,
            r -> {
              Thread t = new Thread(r, "atelier-events-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    this.queueCapacity = queueCapacity;
  }

  @Override
  public void publish(Object event) {
    Objects.requireNonNull(event, "event");
    for (Subscription<?> subscription : subscriptions) {
      if (subscription.type.isInstance(event)) {
        subscription.offer(event);
      }
    }
  }

  @Override
  public <T> AutoCloseable subscribe(Class<T> type, Consumer<T> listener) {
    Subscription<T> subscription =
        new Subscription<>(Objects.requireNonNull(type), Objects.requireNonNull(listener));
    subscriptions.add(subscription);
    return subscription;
  }

  /** Number of live subscriptions (for tests and diagnostics). */
  int subscriberCount() {
    return subscriptions.size();
  }

  @Override
  public void destroy() throws InterruptedException {
    subscriptions.clear();
    executor.shutdown();
    if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
      executor.shutdownNow();
    }
  }

  private final class Subscription<T> implements AutoCloseable {
    final Class<T> type;
    final Consumer<T> listener;
    private final Queue<Object> queue = new ArrayDeque<>();
    private final AtomicLong dropped = new AtomicLong();
    private boolean scheduled;
    private volatile boolean closed;

    Subscription(Class<T> type, Consumer<T> listener) {
      this.type = type;
      this.listener = listener;
    }

    void offer(Object event) {
      synchronized (this) {
        if (closed) {
          return;
        }
        if (queue.size() >= queueCapacity) {
          if (dropped.getAndIncrement() % 1000 == 0) {
            log.warn(
                "Event subscriber {} is {} events behind; dropping {}",
                listener,
                queue.size(),
                event.getClass().getSimpleName());
          }
          return;
        }
        queue.add(event);
        if (scheduled) {
          return;
        }
        scheduled = true;
      }
      schedule();
    }

    private void schedule() {
      try {
        executor.execute(this::drain);
      } catch (RejectedExecutionException e) {
        synchronized (this) {
          queue.clear();
          scheduled = false;
        }
      }
    }

    private void drain() {
      for (int i = 0; i < BATCH; i++) {
        Object event;
        synchronized (this) {
          event = queue.poll();
          if (event == null) {
            scheduled = false;
            return;
          }
        }
        if (closed) {
          continue;
        }
        try {
          listener.accept(type.cast(event));
        } catch (RuntimeException e) {
          log.warn("Event subscriber {} failed on {}", listener, event, e);
        }
      }
      schedule();
    }

    @Override
    public void close() {
      closed = true;
      subscriptions.remove(this);
      synchronized (this) {
        queue.clear();
      }
    }
  }
}
