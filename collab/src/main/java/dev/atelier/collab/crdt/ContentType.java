package dev.atelier.collab.crdt;

import dev.atelier.collab.encoding.Lib0Writer;
import java.util.ArrayDeque;
import java.util.List;

/** A nested shared type (ref 7). */
final class ContentType extends Content {
  static final int YARRAY = 0;
  static final int YMAP = 1;
  static final int YTEXT = 2;
  static final int YXML_ELEMENT = 3;
  static final int YXML_FRAGMENT = 4;
  static final int YXML_HOOK = 5;
  static final int YXML_TEXT = 6;

  final AbstractType<?> type;

  ContentType(AbstractType<?> type) {
    this.type = type;
  }

  @Override
  int length() {
    return 1;
  }

  @Override
  boolean countable() {
    return true;
  }

  @Override
  Content copy() {
    return new ContentType(type.copyEmpty());
  }

  @Override
  Content splice(int offset) {
    throw new IllegalStateException("type content has length 1");
  }

  @Override
  void integrate(Transaction tr, Item item) {
    type.integrate(tr.doc, item);
  }

  @Override
  void delete(Transaction tr) {
    // Nested types are deleted iteratively (see Transaction#deleteTypeContent) so that a
    // hostile, deeply nested document cannot overflow the stack.
    tr.deleteTypeContent(type);
  }

  @Override
  void gc(StructStore store, ArrayDeque<AbstractType<?>> nestedTypes) {
    nestedTypes.add(type);
  }

  @Override
  void write(Lib0Writer w, int offset) {
    type.writeTypeRef(w);
  }

  @Override
  int ref() {
    return TYPE;
  }

  @Override
  void values(List<Object> out) {
    out.add(type);
  }

  @Override
  Object lastValue() {
    return type;
  }
}
