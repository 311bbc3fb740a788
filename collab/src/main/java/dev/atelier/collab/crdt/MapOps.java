package dev.atelier.collab.crdt;

import java.util.LinkedHashMap;
import java.util.Map;

/** Key-based operations on the map part of a type. */
final class MapOps {

  private MapOps() {}

  static void set(Transaction tr, AbstractType<?> parent, String key, Content content) {
    Item left = parent.map.get(key);
    Doc doc = tr.doc;
    long own = doc.clientId;
    Item.local(own, doc.store.getState(own), left, null, parent, key, content).integrate(tr);
  }

  static Object get(AbstractType<?> parent, String key) {
    Item item = parent.map.get(key);
    return item != null && !item.isDeleted() ? item.content.lastValue() : null;
  }

  static void delete(Transaction tr, AbstractType<?> parent, String key) {
    Item item = parent.map.get(key);
    if (item != null) {
      item.delete(tr);
    }
  }

  static Map<String, Object> entries(AbstractType<?> parent) {
    Map<String, Object> out = new LinkedHashMap<>();
    parent.map.forEach(
        (k, item) -> {
          if (!item.isDeleted()) {
            out.put(k, item.content.lastValue());
          }
        });
    return out;
  }
}
