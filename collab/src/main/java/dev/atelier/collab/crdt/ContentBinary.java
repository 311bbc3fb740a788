package dev.atelier.collab.crdt;

import dev.atelier.collab.encoding.Lib0Writer;
import java.util.List;

/** One binary value (ref 3). */
final class ContentBinary extends Content {
  final byte[] bytes;

  ContentBinary(byte[] bytes) {
    this.bytes = bytes;
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
    return new ContentBinary(bytes);
  }

  @Override
  Content splice(int offset) {
    throw new IllegalStateException("binary content has length 1");
  }

  @Override
  void write(Lib0Writer w, int offset) {
    w.writeVarUint8Array(bytes);
  }

  @Override
  int ref() {
    return BINARY;
  }

  @Override
  void values(List<Object> out) {
    out.add(bytes.clone());
  }

  @Override
  Object lastValue() {
    return bytes.clone();
  }
}
