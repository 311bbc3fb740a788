package dev.atelier.collab.crdt;

import dev.atelier.collab.encoding.Lib0Writer;
import java.util.ArrayList;
import java.util.List;

/** JSON-like values (lib0 {@code writeAny}), the content of array elements and map values. */
final class ContentAny extends Content {
  List<Object> arr;

  ContentAny(List<Object> arr) {
    this.arr = arr;
  }

  @Override
  int length() {
    return arr.size();
  }

  @Override
  boolean countable() {
    return true;
  }

  @Override
  Content copy() {
    return new ContentAny(arr);
  }

  @Override
  Content splice(int offset) {
    ContentAny right = new ContentAny(new ArrayList<>(arr.subList(offset, arr.size())));
    arr = new ArrayList<>(arr.subList(0, offset));
    return right;
  }

  @Override
  boolean mergeWith(Content right) {
    List<Object> merged = new ArrayList<>(arr.size() + ((ContentAny) right).arr.size());
    merged.addAll(arr);
    merged.addAll(((ContentAny) right).arr);
    arr = merged;
    return true;
  }

  @Override
  void write(Lib0Writer w, int offset) {
    int len = arr.size();
    w.writeVarUint(len - offset);
    for (int i = offset; i < len; i++) {
      w.writeAny(arr.get(i));
    }
  }

  @Override
  int ref() {
    return ANY;
  }

  @Override
  void values(List<Object> out) {
    out.addAll(arr);
  }

  @Override
  Object lastValue() {
    return arr.get(arr.size() - 1);
  }
}
