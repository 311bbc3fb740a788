package dev.atelier.collab.crdt;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * What happens after a transaction: observers and after-transaction hooks run, then deleted content
 * is garbage collected, neighbouring structs are merged again, and update listeners get the
 * transaction's update. Transactions opened by observers are cleaned up afterwards, in order.
 */
final class TransactionCleanup {

  private TransactionCleanup() {}

  static void run(Doc doc) {
    try {
      for (int i = 0; i < doc.cleanups.size(); i++) {
        cleanup(doc, doc.cleanups.get(i));
      }
    } finally {
      doc.cleanups.clear();
    }
  }

  private static void cleanup(Doc doc, Transaction tr) {
    StructStore store = doc.store;
    DeleteSet ds = tr.deleteSet;
    try {
      ds.sortAndMerge();
      if (tr.hasChangedTypes()) {
        for (Map.Entry<AbstractType<?>, Set<String>> e : tr.changedTypes()) {
          AbstractType<?> type = e.getKey();
          if (type.item == null || !type.item.isDeleted()) {
            type.callObserver(tr, e.getValue());
          }
        }
      }
      if (!doc.afterTransactionListeners.isEmpty()) {
        for (Consumer<Transaction> l : new ArrayList<>(doc.afterTransactionListeners)) {
          doc.runListener(() -> l.accept(tr));
        }
      }
      if (tr.needFormattingCleanup) {
        cleanupTextAfterTransaction(tr);
      }
    } finally {
      if (doc.gc) {
        tryGcDeleteSet(ds, store);
      }
      tryMergeDeleteSet(ds, store);
      // re-merge the structs each client added (Transaction#forEachChangedClient, unrolled to
      // avoid allocating on every keystroke)
      boolean anyAdvanced = false;
      boolean ownAdvanced = false;
      if (tr.firstClient >= 0 && store.getState(tr.firstClient) != tr.firstBefore) {
        anyAdvanced = true;
        ownAdvanced = tr.firstClient == doc.clientId;
        mergeFrom(store.list(tr.firstClient), tr.firstBefore);
      }
      if (tr.moreBefore != null) {
        for (Map.Entry<Long, Long> e : tr.moreBefore.entrySet()) {
          if (store.getState(e.getKey()) != e.getValue()) {
            anyAdvanced = true;
            ownAdvanced |= e.getKey() == doc.clientId;
            mergeFrom(store.list(e.getKey()), e.getValue());
          }
        }
      }
      for (int i = tr.mergeStructs.size() - 1; i >= 0; i--) {
        Item m = tr.mergeStructs.get(i);
        StructList structs = store.list(m.client);
        int pos = structs.findIndex(m.clock);
        if (pos + 1 < structs.size() && tryToMergeWithLefts(structs, pos + 1) > 1) {
          continue;
        }
        if (pos > 0) {
          tryToMergeWithLefts(structs, pos);
        }
      }
      if (!tr.local && ownAdvanced) {
        // another peer uses our client id: continuing with it would corrupt documents
        doc.clientId = Doc.randomClientId();
      }
      if (!doc.updateListeners.isEmpty() && (!ds.isEmpty() || anyAdvanced)) {
        byte[] update = Updates.encodeTransaction(tr);
        for (UpdateListener l : new ArrayList<>(doc.updateListeners)) {
          doc.runListener(() -> l.onUpdate(update.clone(), tr.origin));
        }
      }
    }
  }

  private static void mergeFrom(StructList structs, long beforeClock) {
    int firstChangePos = Math.max(structs.findIndex(beforeClock), 1);
    for (int i = structs.size() - 1; i >= firstChangePos; ) {
      i -= 1 + tryToMergeWithLefts(structs, i);
    }
  }

  /** Merges structs[pos] into its left neighbours while possible; returns how many merged. */
  static int tryToMergeWithLefts(StructList structs, int pos) {
    Struct right = structs.get(pos);
    Struct left = structs.get(pos - 1);
    int i = pos;
    while (i > 0) {
      boolean merged = false;
      if (left.isDeleted() == right.isDeleted() && left.getClass() == right.getClass()) {
        if (left instanceof Item l) {
          Item r = (Item) right;
          merged = l.mergeWith(r);
          if (merged && r.parentSub != null && r.parent.map.get(r.parentSub) == r) {
            r.parent.map.put(r.parentSub, l);
          }
        } else {
          merged = ((GcStruct) left).mergeWith((GcStruct) right);
        }
      }
      if (!merged) {
        break;
      }
      right = left;
      i--;
      left = i - 1 >= 0 ? structs.get(i - 1) : null;
    }
    int merged = pos - i;
    if (merged > 0) {
      structs.removeRange(pos + 1 - merged, merged);
    }
    return merged;
  }

  private static void tryGcDeleteSet(DeleteSet ds, StructStore store) {
    ds.clients.forEach(
        (client, ranges) -> {
          StructList structs = store.list(client);
          for (int di = ranges.size - 1; di >= 0; di--) {
            long end = ranges.clock(di) + ranges.len(di);
            for (int si = structs.findIndex(ranges.clock(di)); si < structs.size(); si++) {
              Struct s = structs.get(si);
              if (s.clock >= end) {
                break;
              }
              if (s instanceof Item it && it.isDeleted() && !it.keep()) {
                gcItem(store, it, false);
              }
            }
          }
        });
  }

  /** Replaces a deleted item's content (or, inside a collected type, the item) by a stub. */
  static void gcItem(StructStore store, Item item, boolean parentGcd) {
    ArrayDeque<AbstractType<?>> nested = null;
    if (item.content instanceof ContentType) {
      nested = new ArrayDeque<>();
      item.content.gc(store, nested);
    }
    if (parentGcd) {
      store.replaceStruct(item, new GcStruct(item.client, item.clock, item.length));
    } else if (!(item.content instanceof ContentDeleted)) {
      item.content = new ContentDeleted(item.length);
    }
    if (nested == null) {
      return;
    }
    AbstractType<?> t;
    while ((t = nested.poll()) != null) {
      for (Item c = t.start; c != null; c = c.right) {
        c.content.gc(store, nested);
        store.replaceStruct(c, new GcStruct(c.client, c.clock, c.length));
      }
      t.start = null;
      for (Item v : t.map.values()) {
        for (Item c = v; c != null; c = c.left) {
          c.content.gc(store, nested);
          store.replaceStruct(c, new GcStruct(c.client, c.clock, c.length));
        }
      }
      t.map.clear();
    }
  }

  private static void tryMergeDeleteSet(DeleteSet ds, StructStore store) {
    ds.clients.forEach(
        (client, ranges) -> {
          StructList structs = store.list(client);
          for (int di = ranges.size - 1; di >= 0; di--) {
            long clock = ranges.clock(di);
            long lastClock = clock + ranges.len(di) - 1;
            int si = Math.min(structs.size() - 1, 1 + structs.findIndex(lastClock));
            while (si > 0 && structs.get(si).clock >= clock) {
              si -= 1 + tryToMergeWithLefts(structs, si);
            }
          }
        });
  }

  /**
   * After a remote change to formatted text, removes formatting boundaries that became redundant
   * (Yjs does the same, so all peers end up with the same items).
   */
  private static void cleanupTextAfterTransaction(Transaction tr) {
    Doc doc = tr.doc;
    Set<AbstractType<?>> needFullCleanup = new LinkedHashSet<>();
    tr.changedClients()
        .forEach(
            (client, before) -> {
              long after = doc.store.getState(client);
              doc.store.iterateStructs(
                  tr,
                  doc.store.list(client),
                  before,
                  after,
                  s -> {
                    if (s instanceof Item it
                        && !it.isDeleted()
                        && it.content instanceof ContentFormat) {
                      needFullCleanup.add(it.parent);
                    }
                  });
            });
    doc.tx(
        t -> {
          iterateDeleted(
              tr,
              s -> {
                if (!(s instanceof Item item)
                    || !item.parent.hasFormatting
                    || needFullCleanup.contains(item.parent)) {
                  return;
                }
                if (item.content instanceof ContentFormat) {
                  needFullCleanup.add(item.parent);
                } else {
                  TextOps.cleanupContextlessFormattingGap(t, item);
                }
              });
          for (AbstractType<?> text : new ArrayList<>(needFullCleanup)) {
            TextOps.cleanupYTextFormatting(text);
          }
        });
  }

  /** Calls {@code f} on every struct covered by the transaction's delete set. */
  static void iterateDeleted(Transaction tr, Consumer<Struct> f) {
    iterateDeleted(tr, tr.deleteSet, f);
  }

  /** Calls {@code f} on every struct covered by {@code ds} (splitting at the range ends). */
  static void iterateDeleted(Transaction tr, DeleteSet ds, Consumer<Struct> f) {
    StructStore store = tr.doc.store;
    ds.clients.forEach(
        (client, ranges) -> {
          StructList structs = store.list(client);
          if (structs == null) {
            return;
          }
          long clockState = structs.last().endClock();
          for (int i = 0; i < ranges.size && ranges.clock(i) < clockState; i++) {
            store.iterateStructs(tr, structs, ranges.clock(i), ranges.len(i), f);
          }
        });
  }
}
