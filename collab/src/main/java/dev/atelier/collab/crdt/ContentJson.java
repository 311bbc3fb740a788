package dev.atelier.collab.crdt;

import dev.atelier.collab.encoding.Json;
import dev.atelier.collab.encoding.Lib0Writer;
import dev.atelier.collab.encoding.Undefined;
import java.util.ArrayList;
import java.util.List;

/** Legacy JSON content (ref 2): each element stored as a JSON string, or {@code undefined}. */
final class ContentJson extends Content {
  List<Object> arr;

  ContentJson(List<Object> arr) {
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
    return new ContentJson(arr);
  }

  @Override
  Content splice(int offset) {
    ContentJson right = new ContentJson(new ArrayList<>(arr.subList(offset, arr.size())));
    arr = new ArrayList<>(arr.subList(0, offset));
    return right;
  }

  @Override
  boolean mergeWith(Content right) {
    List<Object> merged = new ArrayList<>(arr);
    merged.addAll(((ContentJson) right).arr);
    arr = merged;
    return true;
  }

  @Override
  void write(Lib0Writer w, int offset) {
    int len = arr.size();
    w.writeVarUint(len - offset);
    for (int i = offset; i < len; i++) {
      Object c = arr.get(i);
      w.writeVarString(c == Undefined.INSTANCE ? "undefined" : Json.stringify(c));
    }
  }

  @Override
  int ref() {
    return JSON;
  }

  @Override
  void values(List<Object> out) {
    out.addAll(arr);
  }
}
