package dev.atelier.collab.crdt;

import dev.atelier.collab.encoding.Json;
import dev.atelier.collab.encoding.Lib0Writer;
import java.util.List;

/** A formatting boundary in text (ref 6): from here on, attribute {@code key} is {@code value}. */
final class ContentFormat extends Content {
  final String key;
  final Object value;

  ContentFormat(String key, Object value) {
    this.key = key;
    this.value = value;
  }

  @Override
  int length() {
    return 1;
  }

  @Override
  boolean countable() {
    return false;
  }

  @Override
  Content copy() {
    return new ContentFormat(key, value);
  }

  @Override
  Content splice(int offset) {
    throw new IllegalStateException("format content has length 1");
  }

  @Override
  void integrate(Transaction tr, Item item) {
    // Formatting makes index-based search markers unreliable, so Yjs stops using them for this
    // type for good; doing the same keeps insert positions (and the bytes) identical.
    item.parent.markers = null;
    item.parent.hasFormatting = true;
    item.parent.formatsSeen = true;
  }

  @Override
  void write(Lib0Writer w, int offset) {
    w.writeVarString(key);
    w.writeVarString(Json.stringify(value));
  }

  @Override
  int ref() {
    return FORMAT;
  }

  @Override
  void values(List<Object> out) {}
}
