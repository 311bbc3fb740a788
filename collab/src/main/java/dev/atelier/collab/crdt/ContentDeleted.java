package dev.atelier.collab.crdt;

import dev.atelier.collab.encoding.Lib0Writer;
import java.util.List;

/** Content of a deleted item after garbage collection: only its length is kept. */
final class ContentDeleted extends Content {
  int len;

  ContentDeleted(int len) {
    this.len = len;
  }

  @Override
  int length() {
    return len;
  }

  @Override
  boolean countable() {
    return false;
  }

  @Override
  Content copy() {
    return new ContentDeleted(len);
  }

  @Override
  Content splice(int offset) {
    ContentDeleted right = new ContentDeleted(len - offset);
    len = offset;
    return right;
  }

  @Override
  boolean mergeWith(Content right) {
    len += ((ContentDeleted) right).len;
    return true;
  }

  @Override
  void integrate(Transaction tr, Item item) {
    tr.deleteSet.add(item.client, item.clock, len);
    item.markDeleted();
  }

  @Override
  void write(Lib0Writer w, int offset) {
    w.writeVarUint(len - offset);
  }

  @Override
  int ref() {
    return DELETED;
  }

  @Override
  void values(List<Object> out) {}
}
