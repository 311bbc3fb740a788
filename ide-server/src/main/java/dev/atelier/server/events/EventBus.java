package dev.atelier.server.events;

import java.util.function.Consumer;

/**
 * Publishes events to subscribers, asynchronously: {@link #publish} never waits for a listener, and
 * a slow or failing listener affects only itself. Each subscriber receives events in publication
 * order. Events are immutable records; implementations that cross process boundaries serialise them
 * as JSON.
 */
public interface EventBus {

  /** Delivers {@code event} to every subscriber of its type (or a supertype). */
  void publish(Object event);

  /**
   * Subscribes {@code listener} to events that are instances of {@code type}.
   *
   * @return a handle; closing it unsubscribes (events already queued may still arrive)
   */
  <T> AutoCloseable subscribe(Class<T> type, Consumer<T> listener);
}
