package dev.atelier.collab.crdt;

import dev.atelier.collab.CollabException;
import dev.atelier.collab.CollabException.ErrorCode;
import java.util.ArrayList;
import java.util.List;

/** Index-based operations on the sequence part of a type (arrays and XML children). */
final class ListOps {

  private ListOps() {}

  static void insertAfter(
      Transaction tr, AbstractType<?> parent, Item ref, List<Content> contents) {
    Item left = ref;
    Doc doc = tr.doc;
    Item right = ref == null ? parent.start : ref.right;
    for (Content c : contents) {
      long own = doc.clientId;
      left = Item.local(own, doc.store.getState(own), left, right, parent, null, c);
      left.integrate(tr);
    }
  }

  static void insert(Transaction tr, AbstractType<?> parent, int index, List<Content> contents) {
    int total = 0;
    for (Content c : contents) {
      total += c.length();
    }
    if (index == 0) {
      if (parent.markers != null) {
        parent.markers.updateMarkerChanges(index, total);
      }
      insertAfter(tr, parent, null, contents);
      return;
    }
    int startIndex = index;
    int m = SearchMarkers.findMarker(parent, index);
    Item n = parent.start;
    if (m >= 0) {
      n = parent.markers.p[m];
      index -= parent.markers.index[m];
      if (index == 0) {
        // step to the previous visible item so the loop below can count it
        n = n.prev();
        index += n != null && n.visible() ? n.length : 0;
      }
    }
    for (; n != null; n = n.right) {
      if (n.visible()) {
        if (index <= n.length) {
          if (index < n.length) {
            tr.doc.store.getItemCleanStart(tr, n.client, n.clock + index);
          }
          break;
        }
        index -= n.length;
      }
    }
    if (parent.markers != null) {
      parent.markers.updateMarkerChanges(startIndex, total);
    }
    insertAfter(tr, parent, n, contents);
  }

  static void push(Transaction tr, AbstractType<?> parent, List<Content> contents) {
    Item n = parent.markers == null ? null : parent.markers.highest();
    if (n == null) {
      n = parent.start;
    }
    if (n != null) {
      while (n.right != null) {
        n = n.right;
      }
    }
    insertAfter(tr, parent, n, contents);
  }

  static void delete(Transaction tr, AbstractType<?> parent, int index, int length) {
    if (length == 0) {
      return;
    }
    int startIndex = index;
    int startLength = length;
    int m = SearchMarkers.findMarker(parent, index);
    Item n = parent.start;
    if (m >= 0) {
      n = parent.markers.p[m];
      index -= parent.markers.index[m];
    }
    for (; n != null && index > 0; n = n.right) {
      if (n.visible()) {
        if (index < n.length) {
          tr.doc.store.getItemCleanStart(tr, n.client, n.clock + index);
        }
        index -= n.length;
      }
    }
    while (length > 0 && n != null) {
      if (!n.isDeleted()) {
        if (length < n.length) {
          tr.doc.store.getItemCleanStart(tr, n.client, n.clock + length);
        }
        n.delete(tr);
        length -= n.length;
      }
      n = n.right;
    }
    if (length > 0) {
      throw new IllegalStateException("deleted past the end of the list");
    }
    if (parent.markers != null) {
      parent.markers.updateMarkerChanges(startIndex, -startLength + length);
    }
  }

  static Object get(AbstractType<?> parent, int index) {
    int m = SearchMarkers.findMarker(parent, index);
    Item n = parent.start;
    if (m >= 0) {
      n = parent.markers.p[m];
      index -= parent.markers.index[m];
    }
    for (; n != null; n = n.right) {
      if (n.visible()) {
        if (index < n.length) {
          List<Object> values = new ArrayList<>(n.length);
          n.content.values(values);
          return values.get(index);
        }
        index -= n.length;
      }
    }
    return null;
  }

  static List<Object> toList(AbstractType<?> parent) {
    List<Object> out = new ArrayList<>(parent.length);
    for (Item n = parent.start; n != null; n = n.right) {
      if (n.visible()) {
        n.content.values(out);
      }
    }
    return out;
  }

  static void checkRange(AbstractType<?> t, int index, int length) {
    if (index < 0 || length < 0 || (long) index + length > t.length) {
      throw new CollabException(
          ErrorCode.INVALID_OPERATION,
          "range ["
              + index
              + ", "
              + ((long) index + length)
              + ") is outside the length "
              + t.length);
    }
  }
}
