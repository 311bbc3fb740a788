package dev.atelier.collab.crdt;

import dev.atelier.collab.encoding.Lib0Writer;
import java.util.List;

/** The payload of an {@link Item}; one subclass per content ref of the update format. */
abstract class Content {

  static final int DELETED = 1;
  static final int JSON = 2;
  static final int BINARY = 3;
  static final int STRING = 4;
  static final int EMBED = 5;
  static final int FORMAT = 6;
  static final int TYPE = 7;
  static final int ANY = 8;
  static final int DOC = 9;

  abstract int length();

  abstract boolean countable();

  abstract Content copy();

  /** Keeps the first {@code offset} elements in this content and returns the rest. */
  abstract Content splice(int offset);

  /** Appends {@code right} (same class) to this content if the content kind allows it. */
  boolean mergeWith(Content right) {
    return false;
  }

  void integrate(Transaction tr, Item item) {}

  void delete(Transaction tr) {}

  /** Called when the owning item is garbage collected. */
  void gc(StructStore store, java.util.ArrayDeque<AbstractType<?>> nestedTypes) {}

  abstract void write(Lib0Writer w, int offset);

  abstract int ref();

  /** Adds the user-visible values of this content to {@code out}. */
  abstract void values(List<Object> out);

  /** The last user-visible value (map entries hold exactly one). */
  Object lastValue() {
    List<Object> out = new java.util.ArrayList<>();
    values(out);
    return out.isEmpty() ? null : out.get(out.size() - 1);
  }
}
