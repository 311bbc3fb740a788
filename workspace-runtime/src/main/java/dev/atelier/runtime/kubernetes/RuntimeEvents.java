package dev.atelier.runtime.kubernetes;

import dev.atelier.runtime.spi.Condition;
import dev.atelier.runtime.spi.Phase;
import dev.atelier.runtime.spi.RuntimeEvent;
import dev.atelier.runtime.spi.RuntimeEventListener;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers status events to subscribers, once per change: the pod informer reports the same state
 * again on every resync and on unrelated pod updates, and subscribers should see only transitions
 * and new conditions.
 */
final class RuntimeEvents {

  private static final Logger LOG = LoggerFactory.getLogger(RuntimeEvents.class);

  private final List<RuntimeEventListener> listeners = new CopyOnWriteArrayList<>();
  private final Map<String, RuntimeEvent> last = new ConcurrentHashMap<>();

  AutoCloseable subscribe(RuntimeEventListener listener) {
    Objects.requireNonNull(listener, "listener");
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  /** Emits an event unless it repeats the last one of this workspace (phase and conditions). */
  synchronized void emit(String workspaceId, Phase phase, List<Condition> conditions) {
    RuntimeEvent previous = last.get(workspaceId);
    if (previous != null && previous.phase() == phase && same(previous.conditions(), conditions)) {
      return;
    }
    RuntimeEvent event = new RuntimeEvent(workspaceId, phase, conditions, Instant.now());
    last.put(workspaceId, event);
    LOG.debug("workspace {} is {} {}", workspaceId, phase, conditions);
    for (RuntimeEventListener listener : listeners) {
      try {
        listener.onEvent(event);
      } catch (RuntimeException e) {
        LOG.warn("runtime event listener failed on {}", event, e);
      }
    }
  }

  void emit(String workspaceId, Phase phase, Condition... conditions) {
    emit(workspaceId, phase, List.of(conditions));
  }

  /** The phase last reported for a workspace, or {@code null}. */
  Phase lastPhase(String workspaceId) {
    RuntimeEvent event = last.get(workspaceId);
    return event == null ? null : event.phase();
  }

  void forget(String workspaceId) {
    last.remove(workspaceId);
  }

  private static boolean same(List<Condition> a, List<Condition> b) {
    if (a.size() != b.size()) {
      return false;
    }
    for (int i = 0; i < a.size(); i++) {
      if (!a.get(i).type().equals(b.get(i).type())
          || !Objects.equals(a.get(i).message(), b.get(i).message())) {
        return false;
      }
    }
    return true;
  }
}
