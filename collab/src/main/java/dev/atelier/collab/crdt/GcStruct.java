package dev.atelier.collab.crdt;

import dev.atelier.collab.encoding.Lib0Writer;

/** Garbage-collected clocks: only their existence (and length) is remembered. */
final class GcStruct extends Struct {

  GcStruct(long client, long clock, int length) {
    super(client, clock, length);
  }

  @Override
  boolean isDeleted() {
    return true;
  }

  boolean mergeWith(GcStruct right) {
    long sum = (long) length + right.length;
    if (sum > Integer.MAX_VALUE) {
      return false;
    }
    length = (int) sum;
    return true;
  }

  @Override
  void write(Lib0Writer w, int offset) {
    w.writeUint8(0);
    w.writeVarUint(length - offset);
  }
}
