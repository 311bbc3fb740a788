package dev.atelier.collab.crdt;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One atomic batch of changes. Collects what observers and the update event need: deletions,
 * the clocks each client had before, the changed types and the structs to re-merge afterwards.
 */
final class Transaction {
  final Doc doc;
  final Object origin;
  boolean local;
  final DeleteSet deleteSet = new DeleteSet();
  /**
   * Clock of each client before the transaction, recorded when the transaction first adds a
   * struct of that client; clients it never touches still have their "before" clock now. The
   * first client is kept in fields because most transactions touch exactly one.
   */
  private long firstClient = -1;
  private long firstBefore;
  private Map<Long, Long> moreBefore;
  final LinkedHashMap<AbstractType<?>, Set<String>> changed = new LinkedHashMap<>(4);
  /** Events per type and ancestor (what an undo manager looks at); created when first needed. */
  private LinkedHashMap<AbstractType<?>, List<YEvent>> changedParentTypes;
  final List<Item> mergeStructs = new ArrayList<>();
  boolean needFormattingCleanup;

  private ArrayDeque<AbstractType<?>> typesToDelete;
  private boolean deletingTypes;

  Transaction(Doc doc, Object origin, boolean local) {
    this.doc = doc;
    this.origin = origin;
    this.local = local;
  }

  LinkedHashMap<AbstractType<?>, List<YEvent>> changedParentTypes() {
    if (changedParentTypes == null) {
      changedParentTypes = new LinkedHashMap<>(4);
    }
    return changedParentTypes;
  }

  /** Receives a client and its clock before the transaction. */
  @FunctionalInterface
  interface ClientClock {
    void accept(long client, long before);
  }

  /** Calls {@code f} for each client whose clock advanced, without allocating. */
  void forEachChangedClient(ClientClock f) {
    if (firstClient >= 0 && doc.store.getState(firstClient) != firstBefore) {
      f.accept(firstClient, firstBefore);
    }
    if (moreBefore != null) {
      moreBefore.forEach(
          (client, before) -> {
            if (doc.store.getState(client) != before) {
              f.accept(client, before);
            }
          });
    }
  }

  boolean anyClientChanged() {
    boolean[] any = {false};
    forEachChangedClient((c, b) -> any[0] = true);
    return any[0];
  }

  void noteBefore(long client, long clock) {
    if (client == firstClient) {
      return;
    }
    if (firstClient < 0) {
      firstClient = client;
      firstBefore = clock;
      return;
    }
    if (moreBefore == null) {
      moreBefore = new HashMap<>();
    }
    moreBefore.putIfAbsent(client, clock);
  }

  long beforeClock(long client) {
    if (client == firstClient) {
      return firstBefore;
    }
    Long c = moreBefore == null ? null : moreBefore.get(client);
    return c != null ? c : doc.store.getState(client);
  }

  /** Whether {@code s} was created in this transaction. */
  boolean adds(Struct s) {
    return s.clock >= beforeClock(s.client);
  }

  boolean deletes(Struct s) {
    return deleteSet.isDeleted(s.client, s.clock);
  }

  /** Clients whose clock advanced in this transaction, with their clock before. */
  Map<Long, Long> changedClients() {
    Map<Long, Long> out = new LinkedHashMap<>();
    if (firstClient >= 0 && doc.store.getState(firstClient) != firstBefore) {
      out.put(firstClient, firstBefore);
    }
    if (moreBefore != null) {
      moreBefore.forEach(
          (client, before) -> {
            if (doc.store.getState(client) != before) {
              out.put(client, before);
            }
          });
    }
    return out;
  }

  void addChangedType(AbstractType<?> type, String parentSub) {
    Item item = type.item;
    if (item == null || (item.clock < beforeClock(item.client) && !item.isDeleted())) {
      changed.computeIfAbsent(type, t -> new HashSet<>(4)).add(parentSub);
    }
  }

  /** Deletes everything inside a deleted nested type, without recursion. */
  void deleteTypeContent(AbstractType<?> type) {
    if (typesToDelete == null) {
      typesToDelete = new ArrayDeque<>();
    }
    typesToDelete.add(type);
    if (deletingTypes) {
      return;
    }
    deletingTypes = true;
    try {
      AbstractType<?> t;
      while ((t = typesToDelete.poll()) != null) {
        for (Item item = t.start; item != null; item = item.right) {
          deleteOrRemember(item);
        }
        for (Item item : new ArrayList<>(t.map.values())) {
          deleteOrRemember(item);
        }
        changed.remove(t);
      }
    } finally {
      deletingTypes = false;
    }
  }

  private void deleteOrRemember(Item item) {
    if (!item.isDeleted()) {
      item.delete(this);
    } else if (item.clock < beforeClock(item.client)) {
      // already deleted earlier: it may be merged with its neighbours once this one is gone
      mergeStructs.add(item);
    }
  }
}
