package dev.atelier.collab.crdt;

import java.util.Set;

/** Re-creates deleted items for undo/redo, placing them where they were. */
final class Redo {

  private Redo() {}

  /** The item that (after any chain of re-creations) now holds (client, clock). */
  static Struct followRedone(Transaction tr, long client, long clock) {
    StructStore store = tr.doc.store;
    long nextClient = client;
    long nextClock = clock;
    long diff = 0;
    Struct item;
    ID next;
    do {
      if (diff > 0) {
        nextClock += diff;
      }
      item = store.find(nextClient, nextClock);
      diff = nextClock - item.clock;
      next = item instanceof Item it ? it.redone : null;
      if (next != null) {
        nextClient = next.client();
        nextClock = next.clock();
      }
    } while (next != null);
    if (diff > 0 && item instanceof Item) {
      item = store.getItemCleanStart(tr, item.client, item.clock + diff);
    }
    return item;
  }

  private static Item cleanStart(Transaction tr, ID id) {
    Struct s = tr.doc.store.getItemCleanStart(tr, id.client(), id.clock());
    return s instanceof Item it ? it : null;
  }

  static Item redoItem(
      Transaction tr, Item item, Set<Item> redoItems, DeleteSet itemsToDelete, UndoManager um) {
    Doc doc = tr.doc;
    if (item.redone != null) {
      return cleanStart(tr, item.redone);
    }
    Item parentItem = item.parent.item;
    if (parentItem != null && parentItem.isDeleted()) {
      if (parentItem.redone == null
          && (!redoItems.contains(parentItem)
              || redoItem(tr, parentItem, redoItems, itemsToDelete, um) == null)) {
        return null;
      }
      while (parentItem != null && parentItem.redone != null) {
        parentItem = cleanStart(tr, parentItem.redone);
      }
      if (parentItem == null) {
        return null;
      }
    }
    AbstractType<?> parentType =
        parentItem == null ? item.parent : ((ContentType) parentItem.content).type;
    Item left;
    Item right;
    if (item.parentSub == null) {
      left = item.left;
      right = item;
      while (left != null) {
        Item trace = left;
        while (trace != null && trace.parent.item != parentItem) {
          trace = trace.redone == null ? null : cleanStart(tr, trace.redone);
        }
        if (trace != null && trace.parent.item == parentItem) {
          left = trace;
          break;
        }
        left = left.left;
      }
      while (right != null) {
        Item trace = right;
        while (trace != null && trace.parent.item != parentItem) {
          trace = trace.redone == null ? null : cleanStart(tr, trace.redone);
        }
        if (trace != null && trace.parent.item == parentItem) {
          right = trace;
          break;
        }
        right = right.right;
      }
    } else {
      right = null;
      if (item.right != null) {
        left = item;
        while (left != null
            && left.right != null
            && (left.right.redone != null
                || itemsToDelete.isDeleted(left.right.client, left.right.clock)
                || um.deletedByStacks(left.right.client, left.right.clock))) {
          left = left.right;
          while (left != null && left.redone != null) {
            left = cleanStart(tr, left.redone);
          }
        }
        if (left != null && left.right != null) {
          // a collaborator changed this key since: their value stays
          return null;
        }
      } else {
        left = parentType.map.get(item.parentSub);
      }
      if (left != null && left.parent.item != parentItem) {
        left = parentType.map.get(item.parentSub);
      }
    }
    long own = doc.clientId;
    long nextClock = doc.store.getState(own);
    Item redone =
        Item.local(own, nextClock, left, right, parentType, item.parentSub, item.content.copy());
    item.redone = new ID(own, nextClock);
    UndoManager.keepItem(redone, true);
    redone.integrate(tr);
    return redone;
  }
}
