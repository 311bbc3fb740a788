package dev.atelier.collab.crdt;

import java.util.ArrayList;
import java.util.List;

/** Change of a {@link YArray} (or of the children of an XML type): a list delta. */
public final class ArrayEvent extends YEvent {
  private List<Delta> delta;

  ArrayEvent(AbstractType<?> target, Transaction tr) {
    super(target, tr);
  }

  /** Inserts carry a List of the inserted values. */
  public List<Delta> delta() {
    if (delta == null) {
      checkLive();
      delta = computeListDelta(this);
    }
    return delta;
  }

  static List<Delta> computeListDelta(YEvent ev) {
    List<Delta> out = new ArrayList<>();
    java.util.Set<String> changed = ev.tr.changedKeys(ev.target);
    if (changed == null || !changed.contains(null)) {
      return out;
    }
    int kind = 0; // 1 insert, 2 delete, 3 retain
    List<Object> ins = null;
    int count = 0;
    for (Item item = ev.target.start; item != null; item = item.right) {
      if (item.isDeleted()) {
        if (ev.deletes(item) && !ev.adds(item)) {
          if (kind != 2) {
            flush(out, kind, ins, count);
            kind = 2;
            count = 0;
          }
          count += item.length;
        }
      } else if (ev.adds(item)) {
        if (kind != 1) {
          flush(out, kind, ins, count);
          kind = 1;
          ins = new ArrayList<>();
        }
        item.content.values(ins);
      } else {
        if (kind != 3) {
          flush(out, kind, ins, count);
          kind = 3;
          count = 0;
        }
        count += item.length;
      }
    }
    if (kind != 3) {
      flush(out, kind, ins, count);
    }
    return out;
  }

  private static void flush(List<Delta> out, int kind, List<Object> ins, int count) {
    switch (kind) {
      case 1 -> out.add(Delta.insert(ins, null));
      case 2 -> out.add(Delta.delete(count));
      case 3 -> out.add(Delta.retain(count, null));
      default -> {}
    }
  }
}
