package dev.atelier.collab.crdt;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One atomic batch of changes. Collects what observers and the update event need: deletions, the
 * clocks each client had before, the changed types and the structs to re-merge afterwards.
 */
final class Transaction {
  final Doc doc;
  final Object origin;
  boolean local;
  final DeleteSet deleteSet = new DeleteSet();

  /**
   * Clock of each client before the transaction, recorded when the transaction first adds a struct
   * of that client; clients it never touches still have their "before" clock now. The first client
   * is kept in fields because most transactions touch exactly one.
   */
  long firstClient = -1;

  long firstBefore;
  Map<Long, Long> moreBefore;

  /**
   * Changed types with the changed keys (null = the sequence part), in first-change order. The
   * first type is kept in fields: most transactions change one type.
   */
  private AbstractType<?> firstType;

  private Set<String> firstKeys;
  private LinkedHashMap<AbstractType<?>, Set<String>> moreChanged;

  /** Events per type and ancestor (what an undo manager looks at); created when first needed. */
  private LinkedHashMap<AbstractType<?>, List<YEvent>> changedParentTypes;

  /** Items split during the transaction: re-merged afterwards. Created on first use. */
  List<Item> mergeStructs = List.of();

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

  void addMergeStruct(Item item) {
    if (mergeStructs.isEmpty() && !(mergeStructs instanceof ArrayList)) {
      mergeStructs = new ArrayList<>();
    }
    mergeStructs.add(item);
  }

  void addChangedType(AbstractType<?> type, String parentSub) {
    Item item = type.item;
    if (item == null || (item.clock < beforeClock(item.client) && !item.isDeleted())) {
      if (type == firstType) {
        firstKeys = withKey(firstKeys, parentSub);
      } else if (firstType == null && (moreChanged == null || !moreChanged.containsKey(type))) {
        if (moreChanged == null || moreChanged.isEmpty()) {
          firstType = type;
          firstKeys = withKey(null, parentSub);
        } else {
          moreChanged.put(type, withKey(null, parentSub));
        }
      } else {
        if (moreChanged == null) {
          moreChanged = new LinkedHashMap<>(4);
        }
        moreChanged.put(type, withKey(moreChanged.get(type), parentSub));
      }
    }
  }

  /** Adds a key to a (possibly immutable singleton) key set. */
  private static Set<String> withKey(Set<String> keys, String key) {
    if (keys == null) {
      return Collections.singleton(key);
    }
    if (keys.contains(key)) {
      return keys;
    }
    Set<String> out = keys instanceof HashSet<String> ? keys : new HashSet<>(keys);
    out.add(key);
    return out;
  }

  /** Keys changed on {@code type} (null element = sequence change), or null if unchanged. */
  Set<String> changedKeys(AbstractType<?> type) {
    if (type == firstType) {
      return firstKeys;
    }
    return moreChanged == null ? null : moreChanged.get(type);
  }

  boolean hasChangedTypes() {
    return firstType != null || (moreChanged != null && !moreChanged.isEmpty());
  }

  /** The changed types in first-change order (a snapshot). */
  List<Map.Entry<AbstractType<?>, Set<String>>> changedTypes() {
    List<Map.Entry<AbstractType<?>, Set<String>>> out = new ArrayList<>(2);
    if (firstType != null) {
      out.add(new java.util.AbstractMap.SimpleImmutableEntry<>(firstType, firstKeys));
    }
    if (moreChanged != null) {
      out.addAll(moreChanged.entrySet());
    }
    return out;
  }

  private void removeChanged(AbstractType<?> type) {
    if (type == firstType) {
      firstType = null;
      firstKeys = null;
    } else if (moreChanged != null) {
      moreChanged.remove(type);
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
        removeChanged(t);
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
      addMergeStruct(item);
    }
  }
}
