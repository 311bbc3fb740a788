package dev.atelier.collab.crdt;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/** All structs of a document, per client in clock order, plus updates waiting for missing data. */
final class StructStore {
  final Map<Long, StructList> clients = new HashMap<>();

  /** Structs that could not be integrated yet, as a v1 update, and what they wait for. */
  PendingStructs pendingStructs;

  /** Deletions of structs not received yet, as a v1 update (structs section empty). */
  byte[] pendingDs;

  private long lastClient = -1;
  private StructList lastList;

  /** Structs waiting for missing clocks: {@code missing} maps client to the lowest clock needed. */
  static final class PendingStructs {
    final Map<Long, Long> missing;
    byte[] update;

    PendingStructs(Map<Long, Long> missing, byte[] update) {
      this.missing = missing;
      this.update = update;
    }
  }

  StructList list(long client) {
    if (client == lastClient) {
      return lastList;
    }
    StructList l = clients.get(client);
    if (l != null) {
      lastClient = client;
      lastList = l;
    }
    return l;
  }

  long getState(long client) {
    StructList l = list(client);
    if (l == null) {
      return 0;
    }
    return l.last().endClock();
  }

  Map<Long, Long> stateVector() {
    Map<Long, Long> sv = new HashMap<>();
    clients.forEach((c, l) -> sv.put(c, l.last().endClock()));
    return sv;
  }

  void addStruct(Transaction tr, Struct s) {
    StructList l = list(s.client);
    if (tr != null) {
      tr.noteBefore(s.client, l == null ? 0 : l.last().endClock());
    }
    if (l == null) {
      l = new StructList();
      clients.put(s.client, l);
      lastClient = s.client;
      lastList = l;
    } else if (l.last().endClock() != s.clock) {
      throw new IllegalStateException("struct " + s.client + ":" + s.clock + " is not contiguous");
    }
    l.add(s);
  }

  /** The struct containing (client, clock); the caller has checked that it exists. */
  Struct find(long client, long clock) {
    StructList l = list(client);
    return l.get(l.findIndex(clock));
  }

  /** Index of the struct starting exactly at {@code clock}, splitting an item if needed. */
  int findIndexCleanStart(Transaction tr, StructList l, long clock) {
    int index = l.findIndex(clock);
    Struct s = l.get(index);
    if (s.clock < clock && s instanceof Item item) {
      l.insert(index + 1, item.split(tr, (int) (clock - s.clock)));
      return index + 1;
    }
    return index;
  }

  /** The struct starting at (client, clock); splits an item that contains it. */
  Struct getItemCleanStart(Transaction tr, long client, long clock) {
    StructList l = list(client);
    return l.get(findIndexCleanStart(tr, l, clock));
  }

  /** The struct ending at (client, clock); splits an item that continues past it. */
  Struct getItemCleanEnd(Transaction tr, long client, long clock) {
    StructList l = list(client);
    int index = l.findIndex(clock);
    Struct s = l.get(index);
    if (clock != s.clock + s.length - 1 && s instanceof Item item) {
      l.insert(index + 1, item.split(tr, (int) (clock - s.clock + 1)));
    }
    return s;
  }

  void replaceStruct(Struct old, Struct replacement) {
    StructList l = list(old.client);
    l.set(l.findIndex(old.clock), replacement);
  }

  /** Calls {@code f} on the structs covering [clockStart, clockStart+len), split at both ends. */
  void iterateStructs(Transaction tr, StructList l, long clockStart, long len, Consumer<Struct> f) {
    if (len == 0) {
      return;
    }
    long clockEnd = clockStart + len;
    int index = findIndexCleanStart(tr, l, clockStart);
    Struct s;
    do {
      s = l.get(index++);
      if (clockEnd < s.clock + s.length) {
        findIndexCleanStart(tr, l, clockEnd);
      }
      f.accept(s);
    } while (index < l.size() && l.get(index).clock < clockEnd);
  }
}
