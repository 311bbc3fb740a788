package dev.atelier.collab.crdt;

import dev.atelier.collab.CollabException;
import dev.atelier.collab.CollabException.ErrorCode;
import dev.atelier.collab.encoding.Lib0Writer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Base of all shared types. A type owns a doubly linked list of items (its sequence content) and a
 * map from key to the latest item for that key (its map content); both exist for every type so that
 * documents written by other clients, whatever they contain, round-trip unchanged.
 *
 * @param <E> the event type its observers receive
 */
public abstract class AbstractType<E extends YEvent> {
  Doc doc;

  /** The item holding this type, or null for a root type. */
  Item item;

  Item start;
  final LinkedHashMap<String, Item> map = new LinkedHashMap<>();

  /** Number of visible sequence elements. */
  int length;

  /** Position cache; null when the type does not use one (maps, or text with formatting). */
  SearchMarkers markers;

  /** Name under which this root type is registered in the document; null for nested types. */
  String rootName;

  /** Yjs's _hasFormatting flag (drives cleanup of redundant formatting after remote edits). */
  boolean hasFormatting;

  /**
   * Whether a format item was ever integrated into this type's content (survives a root type's
   * conversion, unlike {@link #hasFormatting}); lets plain-text paths skip formatting work.
   */
  boolean formatsSeen;

  private final List<Consumer<? super E>> observers = new ArrayList<>();

  AbstractType() {}

  /** The document this type belongs to, or null while it is a preliminary (unattached) value. */
  public Doc doc() {
    return doc;
  }

  /** The type containing this one, or null for a root type or an unattached one. */
  public AbstractType<?> parent() {
    return item == null ? null : item.parent;
  }

  /** Whether the sequence part of this type uses search markers. */
  boolean usesMarkers() {
    return false;
  }

  void integrate(Doc d, Item it) {
    this.doc = d;
    this.item = it;
    if (usesMarkers()) {
      markers = new SearchMarkers(d);
    }
  }

  /** A new, empty, unattached type of the same kind (used when undo re-creates content). */
  abstract AbstractType<?> copyEmpty();

  abstract void writeTypeRef(Lib0Writer w);

  /** Creates this type's event for a transaction, or null when the kind has no events. */
  abstract E createEvent(Transaction tr, Set<String> keysChanged);

  /** JSON view of the content (String for text, Map for maps, List for arrays). */
  public abstract Object toJson();

  void callObserver(Transaction tr, Set<String> keysChanged) {
    if (!tr.local && markers != null) {
      markers.clear();
    }
    if (observers.isEmpty() && tr.doc.afterTransactionListeners.isEmpty()) {
      // nobody can see the event: neither an observer nor an undo manager (parent types)
      return;
    }
    E event = createEvent(tr, keysChanged);
    if (event == null) {
      return;
    }
    AbstractType<?> t = this;
    while (true) {
      tr.changedParentTypes().computeIfAbsent(t, k -> new ArrayList<>(1)).add(event);
      if (t.item == null) {
        break;
      }
      t = t.item.parent;
    }
    if (!observers.isEmpty()) {
      for (Consumer<? super E> o : new ArrayList<>(observers)) {
        tr.doc.runListener(() -> o.accept(event));
      }
    }
  }

  /**
   * Calls {@code observer} after each transaction that changed this type, with an event that
   * describes the change (valid only during the call).
   *
   * @return closing it removes the observer
   */
  public AutoCloseable observe(Consumer<? super E> observer) {
    observers.add(observer);
    return () -> observers.remove(observer);
  }

  final Doc requireDoc() {
    if (doc == null) {
      throw new CollabException(
          ErrorCode.INVALID_OPERATION, "this type is not part of a document yet");
    }
    return doc;
  }

  static Object jsonOf(Object v) {
    return v instanceof AbstractType<?> t ? t.toJson() : v;
  }
}
