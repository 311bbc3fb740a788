package dev.atelier.runtime.spi;

/** Receives {@link RuntimeEvent}s. Called from runtime threads; must not block. */
@FunctionalInterface
public interface RuntimeEventListener {
  void onEvent(RuntimeEvent event);
}
