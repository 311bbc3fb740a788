package dev.atelier.collab.crdt;

/**
 * Position cache for list-like types: up to 80 (item, index) pairs so that finding an index walks
 * from the nearest known position instead of from the start. The exact policy (which marker is
 * used, moved or replaced) decides where new items are linked when several placements are
 * equivalent, so it follows Yjs's rules to produce the same updates.
 */
final class SearchMarkers {
  static final int MAX = 80;

  private final Doc doc;
  final Item[] p = new Item[MAX];
  final int[] index = new int[MAX];
  private final long[] timestamp = new long[MAX];
  int size;

  SearchMarkers(Doc doc) {
    this.doc = doc;
  }

  void clear() {
    size = 0;
  }

  private long tick() {
    return doc.markerClock++;
  }

  private void overwrite(int m, Item item, int idx) {
    p[m].setMarker(false);
    p[m] = item;
    item.setMarker(true);
    index[m] = idx;
    timestamp[m] = tick();
  }

  private int markPosition(Item item, int idx) {
    if (size >= MAX) {
      int oldest = 0;
      for (int i = 1; i < size; i++) {
        if (timestamp[i] < timestamp[oldest]) {
          oldest = i;
        }
      }
      overwrite(oldest, item, idx);
      return oldest;
    }
    item.setMarker(true);
    p[size] = item;
    index[size] = idx;
    timestamp[size] = tick();
    return size++;
  }

  /**
   * Finds (and records) a marker near {@code target}; returns its slot, or -1 when the type is
   * empty or the index is 0.
   */
  static int findMarker(AbstractType<?> type, int target) {
    SearchMarkers sm = type.markers;
    if (type.start == null || target == 0 || sm == null) {
      return -1;
    }
    int best = -1;
    for (int i = 0; i < sm.size; i++) {
      // ties go to the later marker, as in a reduce that keeps b unless a is strictly closer
      if (best < 0 || !(Math.abs(target - sm.index[best]) < Math.abs(target - sm.index[i]))) {
        best = i;
      }
    }
    Item item = type.start;
    int pindex = 0;
    if (best >= 0) {
      item = sm.p[best];
      pindex = sm.index[best];
      sm.timestamp[best] = sm.tick();
    }
    while (item.right != null && pindex < target) {
      if (item.visible()) {
        if (target < pindex + item.length) {
          break;
        }
        pindex += item.length;
      }
      item = item.right;
    }
    while (item.left != null && pindex > target) {
      item = item.left;
      if (item.visible()) {
        pindex -= item.length;
      }
    }
    // never stop on an item that could still be merged into its left neighbour
    while (item.left != null
        && item.left.client == item.client
        && item.left.clock + item.left.length == item.clock) {
      item = item.left;
      if (item.visible()) {
        pindex -= item.length;
      }
    }
    if (best >= 0 && Math.abs(sm.index[best] - pindex) < (double) item.parent.length / MAX) {
      sm.overwrite(best, item, pindex);
      return best;
    }
    return sm.markPosition(item, pindex);
  }

  /** Adjusts markers after inserting (len &gt; 0) or deleting (len &lt; 0) at {@code idx}. */
  void updateMarkerChanges(int idx, int len) {
    for (int i = size - 1; i >= 0; i--) {
      if (len > 0) {
        Item item = p[i];
        item.setMarker(false);
        // move the marker left to a visible item so positions compare correctly
        while (item != null && (item.isDeleted() || !item.countable())) {
          item = item.left;
          if (item != null && item.visible()) {
            index[i] -= item.length;
          }
        }
        if (item == null || item.marker()) {
          remove(i);
          continue;
        }
        p[i] = item;
        item.setMarker(true);
      }
      if (idx < index[i] || (len > 0 && idx == index[i])) {
        index[i] = Math.max(idx, index[i] + len);
      }
    }
  }

  private void remove(int i) {
    System.arraycopy(p, i + 1, p, i, size - i - 1);
    System.arraycopy(index, i + 1, index, i, size - i - 1);
    System.arraycopy(timestamp, i + 1, timestamp, i, size - i - 1);
    size--;
    p[size] = null;
  }

  /** {@code right} is merged into {@code left}: markers on it move to the merged item. */
  void onMerge(Item left, Item right) {
    for (int i = 0; i < size; i++) {
      if (p[i] == right) {
        p[i] = left;
        if (left.visible()) {
          index[i] -= left.length;
        }
      }
    }
  }

  /** Highest-index marker's item (for push), or null. */
  Item highest() {
    int best = -1;
    for (int i = 0; i < size; i++) {
      if (best < 0 || index[i] > index[best]) {
        best = i;
      }
    }
    return best < 0 ? null : p[best];
  }
}
