package dev.atelier.collab.crdt;

import dev.atelier.collab.encoding.Lib0Writer;

/**
 * A struct as read from an update, before it is integrated into a document: a GC run, a Skip
 * (clocks the update does not contain) or an item whose origins and parent are still IDs/names.
 * Also the unit the document-free update functions (merge, diff) work on.
 */
final class Ref {
  static final byte GC = 0;
  static final byte SKIP = 1;
  static final byte ITEM = 2;

  final byte kind;
  final long client;
  long clock;
  int length;
  long originClient = -1;
  long originClock;
  long rightOriginClient = -1;
  long rightOriginClock;

  /** Root type name when the parent is a root type, else null. */
  String parentName;

  /** Parent type's item id when the parent is a nested type; client -1 when not given. */
  long parentIdClient = -1;

  long parentIdClock;
  String parentSub;
  Content content;

  Ref(byte kind, long client, long clock, int length) {
    this.kind = kind;
    this.client = client;
    this.clock = clock;
    this.length = length;
  }

  long endClock() {
    return clock + length;
  }

  boolean hasParentInfo() {
    return parentName != null || parentIdClient >= 0;
  }

  /** Update-level merge: only GC runs and Skips merge (items never do, as in Yjs). */
  boolean mergeWith(Ref right) {
    if (kind == ITEM || kind != right.kind || (long) length + right.length > Integer.MAX_VALUE) {
      return false;
    }
    length += right.length;
    return true;
  }

  /** The part of this struct from {@code diff} on (the caller discards this one). */
  Ref slice(int diff) {
    Ref r = new Ref(kind, client, clock + diff, length - diff);
    if (kind == ITEM) {
      r.originClient = client;
      r.originClock = clock + diff - 1;
      r.rightOriginClient = rightOriginClient;
      r.rightOriginClock = rightOriginClock;
      r.parentName = parentName;
      r.parentIdClient = parentIdClient;
      r.parentIdClock = parentIdClock;
      r.parentSub = parentSub;
      r.content = content.splice(diff);
    }
    return r;
  }

  void write(Lib0Writer w, int offset) {
    if (kind == GC) {
      w.writeUint8(0);
      w.writeVarUint(length - offset);
      return;
    }
    if (kind == SKIP) {
      w.writeUint8(10);
      w.writeVarUint(length - offset);
      return;
    }
    boolean hasOrigin = offset > 0 || originClient >= 0;
    int info =
        (content.ref() & 0x1F)
            | (hasOrigin ? 0x80 : 0)
            | (rightOriginClient >= 0 ? 0x40 : 0)
            | (parentSub != null ? 0x20 : 0);
    w.writeUint8(info);
    if (hasOrigin) {
      w.writeVarUint(offset > 0 ? client : originClient);
      w.writeVarUint(offset > 0 ? clock + offset - 1 : originClock);
    }
    if (rightOriginClient >= 0) {
      w.writeVarUint(rightOriginClient);
      w.writeVarUint(rightOriginClock);
    }
    if (!hasOrigin && rightOriginClient < 0) {
      if (parentName != null) {
        w.writeVarUint(1);
        w.writeVarString(parentName);
      } else {
        w.writeVarUint(0);
        w.writeVarUint(parentIdClient);
        w.writeVarUint(parentIdClock);
      }
      if (parentSub != null) {
        w.writeVarString(parentSub);
      }
    }
    content.write(w, offset);
  }
}
