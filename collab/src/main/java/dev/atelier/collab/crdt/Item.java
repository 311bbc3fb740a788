package dev.atelier.collab.crdt;

import dev.atelier.collab.encoding.Lib0Writer;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * An element (or a run of consecutive elements) of a shared type, linked into its parent's list and
 * kept in the struct store. Integration follows the YATA rules: an item is placed between its
 * origin and right origin, and concurrent inserts there are ordered by the origins of the
 * conflicting items and then by client id.
 */
final class Item extends Struct {
  static final int KEEP = 1;
  static final int COUNTABLE = 2;
  static final int DELETED = 4;
  static final int MARKER = 8;

  /** Origin (the element left of this one at creation), client -1 when none. */
  long originClient;

  long originClock;

  /** Right origin (the element right of this one at creation), client -1 when none. */
  long rightOriginClient;

  long rightOriginClock;
  Item left;
  Item right;
  AbstractType<?> parent;
  String parentSub;
  ID redone;
  Content content;
  int info;

  Item(
      long client,
      long clock,
      Item left,
      long originClient,
      long originClock,
      Item right,
      long rightOriginClient,
      long rightOriginClock,
      AbstractType<?> parent,
      String parentSub,
      Content content) {
    super(client, clock, content.length());
    this.left = left;
    this.originClient = originClient;
    this.originClock = originClock;
    this.right = right;
    this.rightOriginClient = rightOriginClient;
    this.rightOriginClock = rightOriginClock;
    this.parent = parent;
    this.parentSub = parentSub;
    this.content = content;
    this.info = content.countable() ? COUNTABLE : 0;
  }

  /** A new local item between {@code left} and {@code right}, which become its origins. */
  static Item local(
      long client,
      long clock,
      Item left,
      Item right,
      AbstractType<?> parent,
      String parentSub,
      Content content) {
    return new Item(
        client,
        clock,
        left,
        left == null ? -1 : left.client,
        left == null ? 0 : left.lastClock(),
        right,
        right == null ? -1 : right.client,
        right == null ? 0 : right.clock,
        parent,
        parentSub,
        content);
  }

  boolean hasOrigin() {
    return originClient >= 0;
  }

  boolean hasRightOrigin() {
    return rightOriginClient >= 0;
  }

  long lastClock() {
    return clock + length - 1;
  }

  boolean keep() {
    return (info & KEEP) != 0;
  }

  void setKeep(boolean keep) {
    info = keep ? info | KEEP : info & ~KEEP;
  }

  boolean countable() {
    return (info & COUNTABLE) != 0;
  }

  @Override
  boolean isDeleted() {
    return (info & DELETED) != 0;
  }

  void markDeleted() {
    info |= DELETED;
  }

  boolean marker() {
    return (info & MARKER) != 0;
  }

  void setMarker(boolean marked) {
    info = marked ? info | MARKER : info & ~MARKER;
  }

  /** Counted, visible element (contributes to the parent's length). */
  boolean visible() {
    return (info & (COUNTABLE | DELETED)) == COUNTABLE;
  }

  /** The closest non-deleted item to the left. */
  Item prev() {
    Item n = left;
    while (n != null && n.isDeleted()) {
      n = n.left;
    }
    return n;
  }

  static boolean sameOrigin(Item a, Item b) {
    return a.originClient == b.originClient
        && (a.originClient < 0 || a.originClock == b.originClock);
  }

  static boolean sameRightOrigin(Item a, Item b) {
    return a.rightOriginClient == b.rightOriginClient
        && (a.rightOriginClient < 0 || a.rightOriginClock == b.rightOriginClock);
  }

  /** Places this item in its parent (YATA conflict resolution) and records it in the store. */
  void integrate(Transaction tr) {
    AbstractType<?> p = parent;
    StructStore store = tr.doc.store;
    if ((left == null && (right == null || right.left != null))
        || (left != null && left.right != right)) {
      Item newLeft = left;
      Item o;
      if (newLeft != null) {
        o = newLeft.right;
      } else if (parentSub != null) {
        o = p.map.get(parentSub);
        while (o != null && o.left != null) {
          o = o.left;
        }
      } else {
        o = p.start;
      }
      Set<Item> conflicting = null;
      Set<Item> beforeOrigin = null;
      while (o != null && o != right) {
        if (conflicting == null) {
          conflicting = Collections.newSetFromMap(new IdentityHashMap<>());
          beforeOrigin = Collections.newSetFromMap(new IdentityHashMap<>());
        }
        beforeOrigin.add(o);
        conflicting.add(o);
        if (sameOrigin(this, o)) {
          if (o.client < client) {
            newLeft = o;
            conflicting.clear();
          } else if (sameRightOrigin(this, o)) {
            // same integration points: the lower client id goes first, and that is this item
            break;
          }
        } else if (o.hasOrigin()
            && beforeOrigin.contains(store.find(o.originClient, o.originClock))) {
          if (!conflicting.contains(store.find(o.originClient, o.originClock))) {
            newLeft = o;
            conflicting.clear();
          }
        } else {
          break;
        }
        o = o.right;
      }
      left = newLeft;
    }
    if (left != null) {
      right = left.right;
      left.right = this;
    } else {
      Item r;
      if (parentSub != null) {
        r = p.map.get(parentSub);
        while (r != null && r.left != null) {
          r = r.left;
        }
      } else {
        r = p.start;
        p.start = this;
      }
      right = r;
    }
    if (right != null) {
      right.left = this;
    } else if (parentSub != null) {
      p.map.put(parentSub, this);
      if (left != null) {
        // this is now the key's value; the previous value is overwritten
        left.delete(tr);
      }
    }
    if (parentSub == null && visible()) {
      p.length += length;
    }
    store.addStruct(tr, this);
    content.integrate(tr, this);
    tr.addChangedType(p, parentSub);
    if ((p.item != null && p.item.isDeleted()) || (parentSub != null && right != null)) {
      delete(tr);
    }
  }

  void delete(Transaction tr) {
    if (!isDeleted()) {
      if (countable() && parentSub == null) {
        parent.length -= length;
      }
      markDeleted();
      tr.deleteSet.add(client, clock, length);
      tr.addChangedType(parent, parentSub);
      content.delete(tr);
    }
  }

  /**
   * Tries to append {@code right} (the next struct of the same client) to this item. Both must be
   * neighbours in the parent list with consistent origins and mergeable content.
   */
  boolean mergeWith(Item r) {
    if (r.originClient == client
        && r.originClock == lastClock()
        && right == r
        && sameRightOrigin(this, r)
        && client == r.client
        && clock + length == r.clock
        && isDeleted() == r.isDeleted()
        && redone == null
        && r.redone == null
        && content.getClass() == r.content.getClass()
        && (long) length + r.length <= Integer.MAX_VALUE
        && content.mergeWith(r.content)) {
      if (parent.markers != null) {
        parent.markers.onMerge(this, r);
      }
      if (r.keep()) {
        setKeep(true);
      }
      right = r.right;
      if (right != null) {
        right.left = this;
      }
      length += r.length;
      return true;
    }
    return false;
  }

  /** Splits this item at {@code diff}; returns the new right part (already linked). */
  Item split(Transaction tr, int diff) {
    Item r =
        new Item(
            client,
            clock + diff,
            this,
            client,
            clock + diff - 1,
            right,
            rightOriginClient,
            rightOriginClock,
            parent,
            parentSub,
            content.splice(diff));
    if (isDeleted()) {
      r.markDeleted();
    }
    if (keep()) {
      r.setKeep(true);
    }
    if (redone != null) {
      r.redone = new ID(redone.client(), redone.clock() + diff);
    }
    right = r;
    if (r.right != null) {
      r.right.left = r;
    }
    tr.addMergeStruct(r);
    if (r.parentSub != null && r.right == null) {
      r.parent.map.put(r.parentSub, r);
    }
    length = diff;
    return r;
  }

  @Override
  void write(Lib0Writer w, int offset) {
    boolean hasOrigin = offset > 0 || originClient >= 0;
    long oClient = offset > 0 ? client : originClient;
    long oClock = offset > 0 ? clock + offset - 1 : originClock;
    int inf =
        (content.ref() & 0x1F)
            | (hasOrigin ? 0x80 : 0)
            | (rightOriginClient >= 0 ? 0x40 : 0)
            | (parentSub != null ? 0x20 : 0);
    w.writeUint8(inf);
    if (hasOrigin) {
      w.writeVarUint(oClient);
      w.writeVarUint(oClock);
    }
    if (rightOriginClient >= 0) {
      w.writeVarUint(rightOriginClient);
      w.writeVarUint(rightOriginClock);
    }
    if (!hasOrigin && rightOriginClient < 0) {
      Item parentItem = parent.item;
      if (parentItem == null) {
        w.writeVarUint(1);
        w.writeVarString(parent.rootName);
      } else {
        w.writeVarUint(0);
        w.writeVarUint(parentItem.client);
        w.writeVarUint(parentItem.clock);
      }
      if (parentSub != null) {
        w.writeVarString(parentSub);
      }
    }
    content.write(w, offset);
  }

  @Override
  public String toString() {
    return "Item(" + client + ":" + clock + "+" + length + (isDeleted() ? " deleted" : "") + ")";
  }
}
