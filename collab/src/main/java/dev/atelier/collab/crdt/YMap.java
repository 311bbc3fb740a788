package dev.atelier.collab.crdt;

import dev.atelier.collab.encoding.Lib0Writer;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * A shared map from String keys to values: null, Boolean, Number, String, byte[], List, Map, or a
 * new {@link YText}/{@link YMap}/{@link YArray}. Concurrent sets of one key resolve to the same
 * winner everywhere. A YMap created with {@code new YMap()} can be filled before it is inserted
 * somewhere.
 */
public class YMap extends AbstractType<MapEvent> {
  private Map<String, Object> prelim = new LinkedHashMap<>();

  public YMap() {}

  @Override
  void integrate(Doc d, Item it) {
    super.integrate(d, it);
    Map<String, Object> content = prelim;
    prelim = null;
    content.forEach(this::set);
  }

  @Override
  AbstractType<?> copyEmpty() {
    return new YMap();
  }

  @Override
  void writeTypeRef(Lib0Writer w) {
    w.writeVarUint(ContentType.YMAP);
  }

  @Override
  MapEvent createEvent(Transaction tr, Set<String> keysChanged) {
    return new MapEvent(this, tr, keysChanged);
  }

  /** Sets {@code key} to {@code value}. */
  public void set(String key, Object value) {
    java.util.Objects.requireNonNull(key, "key");
    Values.validate(value);
    if (doc == null) {
      prelim.put(key, value);
      return;
    }
    Content content = Values.single(value);
    doc.tx(t -> MapOps.set(t, this, key, content));
  }

  /** The value of {@code key}, or null when absent (a nested shared type is returned as itself). */
  public Object get(String key) {
    if (doc == null) {
      return prelim.get(key);
    }
    return MapOps.get(this, key);
  }

  public boolean has(String key) {
    if (doc == null) {
      return prelim.containsKey(key);
    }
    Item item = map.get(key);
    return item != null && !item.isDeleted();
  }

  public void delete(String key) {
    if (doc == null) {
      prelim.remove(key);
      return;
    }
    Item item = map.get(key);
    if (item != null && !item.isDeleted()) {
      doc.tx(t -> item.delete(t));
    }
  }

  public Set<String> keys() {
    if (doc == null) {
      return new LinkedHashSet<>(prelim.keySet());
    }
    Set<String> out = new LinkedHashSet<>();
    map.forEach(
        (k, item) -> {
          if (!item.isDeleted()) {
            out.add(k);
          }
        });
    return out;
  }

  public int size() {
    return keys().size();
  }

  /** Entries with nested shared types converted to their JSON form. */
  @Override
  public Map<String, Object> toJson() {
    Map<String, Object> out = new LinkedHashMap<>();
    if (doc == null) {
      prelim.forEach((k, v) -> out.put(k, jsonOf(v)));
      return out;
    }
    MapOps.entries(this).forEach((k, v) -> out.put(k, jsonOf(v)));
    return out;
  }
}
