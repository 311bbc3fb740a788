package dev.atelier.collab.crdt;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Change of a {@link YMap}: which keys changed and how. */
public final class MapEvent extends YEvent {
  private final Set<String> keysChanged;
  private Map<String, KeyChange> keys;

  /** How one key changed. */
  public enum Action {
    ADD,
    UPDATE,
    DELETE
  }

  /**
   * @param action what happened to the key
   * @param oldValue the value before (null for ADD)
   */
  public record KeyChange(Action action, Object oldValue) {}

  MapEvent(AbstractType<?> target, Transaction tr, Set<String> subs) {
    super(target, tr);
    this.keysChanged = new java.util.HashSet<>(subs);
    keysChanged.remove(null);
  }

  /** Keys touched by the transaction (including ones whose change cancelled out). */
  public Set<String> keysChanged() {
    return keysChanged;
  }

  /** The effective change per key. */
  public Map<String, KeyChange> keys() {
    if (keys == null) {
      checkLive();
      keys = computeKeys(this);
    }
    return keys;
  }

  static Map<String, KeyChange> computeKeys(YEvent ev) {
    Map<String, KeyChange> out = new LinkedHashMap<>();
    Set<String> changed = ev.tr.changedKeys(ev.target);
    if (changed == null) {
      return out;
    }
    for (String key : changed) {
      if (key == null) {
        continue;
      }
      Item item = ev.target.map.get(key);
      if (item == null) {
        continue;
      }
      if (ev.adds(item)) {
        Item prev = item.left;
        while (prev != null && ev.adds(prev)) {
          prev = prev.left;
        }
        if (ev.deletes(item)) {
          if (prev != null && ev.deletes(prev)) {
            out.put(key, new KeyChange(Action.DELETE, prev.content.lastValue()));
          }
        } else if (prev != null && ev.deletes(prev)) {
          out.put(key, new KeyChange(Action.UPDATE, prev.content.lastValue()));
        } else {
          out.put(key, new KeyChange(Action.ADD, null));
        }
      } else if (ev.deletes(item)) {
        out.put(key, new KeyChange(Action.DELETE, item.content.lastValue()));
      }
    }
    return out;
  }
}
