package dev.atelier.collab.crdt;

import dev.atelier.collab.encoding.JsKeys;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Text editing with formatting. Formatting is stored as format items (key/value boundaries) in the
 * item list; these routines insert, format and delete while keeping the boundaries minimal, making
 * the same choices as Yjs so that both produce the same items.
 */
final class TextOps {

  private TextOps() {}

  static void updateCurrentAttributes(Map<String, Object> attrs, ContentFormat f) {
    if (f.value == null) {
      attrs.remove(f.key);
    } else {
      attrs.put(f.key, f.value);
    }
  }

  static TextPosition findNextPosition(Transaction tr, TextPosition pos, int count) {
    while (pos.right != null && count > 0) {
      Item r = pos.right;
      if (r.content instanceof ContentFormat f) {
        if (!r.isDeleted()) {
          updateCurrentAttributes(pos.attrs(), f);
        }
      } else if (!r.isDeleted()) {
        if (count < r.length) {
          tr.doc.store.getItemCleanStart(tr, r.client, r.clock + count);
        }
        pos.index += r.length;
        count -= r.length;
      }
      pos.left = r;
      pos.right = r.right;
    }
    return pos;
  }

  static TextPosition findPosition(
      Transaction tr, AbstractType<?> parent, int index, boolean useSearchMarker) {
    int m = useSearchMarker ? SearchMarkers.findMarker(parent, index) : -1;
    if (m >= 0) {
      Item p = parent.markers.p[m];
      int mIndex = parent.markers.index[m];
      return findNextPosition(tr, new TextPosition(p.left, p, mIndex), index - mIndex);
    }
    return findNextPosition(tr, new TextPosition(null, parent.start, 0), index);
  }

  private static Item newItem(Transaction tr, TextPosition pos, AbstractType<?> parent, Content c) {
    long own = tr.doc.clientId;
    Item item = Item.local(own, tr.doc.store.getState(own), pos.left, pos.right, parent, null, c);
    item.integrate(tr);
    return item;
  }

  static void insertNegatedAttributes(
      Transaction tr, AbstractType<?> parent, TextPosition pos, Map<String, Object> negated) {
    if (negated.isEmpty()) {
      // nothing to insert; moving the cursor over deleted items would have no effect
      return;
    }
    while (pos.right != null
        && (pos.right.isDeleted()
            || (pos.right.content instanceof ContentFormat f
                && negated.containsKey(f.key)
                && JsValues.equalAttrs(negated.get(f.key), f.value)))) {
      if (!pos.right.isDeleted()) {
        negated.remove(((ContentFormat) pos.right.content).key);
      }
      pos.forward();
    }
    for (Map.Entry<String, Object> e : negated.entrySet()) {
      pos.right = newItem(tr, pos, parent, new ContentFormat(e.getKey(), e.getValue()));
      pos.forward();
    }
  }

  static void minimizeAttributeChanges(TextPosition pos, Map<String, Object> attributes) {
    while (pos.right != null) {
      Item r = pos.right;
      if (r.isDeleted()
          || (r.content instanceof ContentFormat f
              && JsValues.equalAttrs(JsValues.orNull(attributes.get(f.key)), f.value))) {
        pos.forward();
      } else {
        break;
      }
    }
  }

  /** Inserts format items where the attributes differ; returns what to restore after, or null. */
  static LinkedHashMap<String, Object> insertAttributes(
      Transaction tr, AbstractType<?> parent, TextPosition pos, Map<String, Object> attributes) {
    LinkedHashMap<String, Object> negated = null;
    for (String key : JsKeys.order(attributes)) {
      Object val = attributes.get(key);
      Object currentVal = JsValues.orNull(pos.attrsView().get(key));
      if (!JsValues.equalAttrs(currentVal, val)) {
        if (negated == null) {
          negated = new LinkedHashMap<>();
        }
        negated.put(key, currentVal);
        pos.right = newItem(tr, pos, parent, new ContentFormat(key, val));
        pos.forward();
      }
    }
    return negated;
  }

  /** {@code text} is a String, an embed value or a new shared type. */
  static void insertText(
      Transaction tr,
      AbstractType<?> parent,
      TextPosition pos,
      Object text,
      Map<String, Object> attributes) {
    // attributes is mutable whenever the position carries attributes (see YText#insert)
    for (String key : pos.attrsView().keySet()) {
      if (!attributes.containsKey(key)) {
        attributes.put(key, null);
      }
    }
    minimizeAttributeChanges(pos, attributes);
    LinkedHashMap<String, Object> negated = insertAttributes(tr, parent, pos, attributes);
    Content content =
        text instanceof String s
            ? new ContentString(s)
            : text instanceof AbstractType<?> t ? new ContentType(t) : new ContentEmbed(text);
    int index = pos.index;
    if (parent.markers != null) {
      parent.markers.updateMarkerChanges(pos.index, content.length());
    }
    pos.right = newItem(tr, pos, parent, content);
    pos.index = index;
    pos.forward();
    if (negated != null) {
      insertNegatedAttributes(tr, parent, pos, negated);
    }
  }

  static void formatText(
      Transaction tr,
      AbstractType<?> parent,
      TextPosition pos,
      int length,
      Map<String, Object> attributes) {
    minimizeAttributeChanges(pos, attributes);
    LinkedHashMap<String, Object> inserted = insertAttributes(tr, parent, pos, attributes);
    LinkedHashMap<String, Object> negated = inserted != null ? inserted : new LinkedHashMap<>();
    iteration:
    while (pos.right != null
        && (length > 0
            || (!negated.isEmpty()
                && (pos.right.isDeleted() || pos.right.content instanceof ContentFormat)))) {
      Item r = pos.right;
      if (!r.isDeleted()) {
        if (r.content instanceof ContentFormat f) {
          if (attributes.containsKey(f.key)) {
            Object attr = attributes.get(f.key);
            if (JsValues.equalAttrs(attr, f.value)) {
              negated.remove(f.key);
            } else {
              if (length == 0) {
                break iteration;
              }
              negated.put(f.key, f.value);
            }
            r.delete(tr);
          } else {
            pos.attrs().put(f.key, f.value);
          }
        } else {
          if (length < r.length) {
            tr.doc.store.getItemCleanStart(tr, r.client, r.clock + length);
          }
          length -= r.length;
        }
      }
      pos.forward();
    }
    if (length > 0) {
      // Quill expects a trailing newline; formatting past the end inserts the missing ones
      pos.right = newItem(tr, pos, parent, new ContentString("\n".repeat(length)));
      pos.forward();
    }
    insertNegatedAttributes(tr, parent, pos, negated);
  }

  static int cleanupFormattingGap(
      Transaction tr,
      Item start,
      Item curr,
      Map<String, Object> startAttributes,
      Map<String, Object> currAttributes) {
    Item end = start;
    Map<String, ContentFormat> endFormats = new HashMap<>();
    while (end != null && (!end.countable() || end.isDeleted())) {
      if (!end.isDeleted() && end.content instanceof ContentFormat cf) {
        endFormats.put(cf.key, cf);
      }
      end = end.right;
    }
    int cleanups = 0;
    boolean reachedCurr = false;
    while (start != end) {
      if (curr == start) {
        reachedCurr = true;
      }
      if (!start.isDeleted() && start.content instanceof ContentFormat cf) {
        Object startAttrValue = JsValues.orNull(startAttributes.get(cf.key));
        if (endFormats.get(cf.key) != cf || JsValues.strictEquals(startAttrValue, cf.value)) {
          // overwritten later in the gap, or it sets what was already in effect
          start.delete(tr);
          cleanups++;
          if (!reachedCurr
              && JsValues.strictEquals(JsValues.orNull(currAttributes.get(cf.key)), cf.value)
              && !JsValues.strictEquals(startAttrValue, cf.value)) {
            if (startAttrValue == null) {
              currAttributes.remove(cf.key);
            } else {
              currAttributes.put(cf.key, startAttrValue);
            }
          }
        }
        if (!reachedCurr && !start.isDeleted()) {
          updateCurrentAttributes(currAttributes, cf);
        }
      }
      start = start.right;
    }
    return cleanups;
  }

  static void cleanupContextlessFormattingGap(Transaction tr, Item item) {
    while (item != null
        && item.right != null
        && (item.right.isDeleted() || !item.right.countable())) {
      item = item.right;
    }
    java.util.Set<String> attrs = new java.util.HashSet<>();
    while (item != null && (item.isDeleted() || !item.countable())) {
      if (!item.isDeleted() && item.content instanceof ContentFormat f) {
        if (attrs.contains(f.key)) {
          item.delete(tr);
        } else {
          attrs.add(f.key);
        }
      }
      item = item.left;
    }
  }

  static int cleanupYTextFormatting(AbstractType<?> type) {
    int[] res = {0};
    type.doc.tx(
        tr -> {
          Item start = type.start;
          Item end = type.start;
          LinkedHashMap<String, Object> startAttributes = new LinkedHashMap<>();
          LinkedHashMap<String, Object> current = new LinkedHashMap<>(startAttributes);
          while (end != null) {
            if (!end.isDeleted()) {
              if (end.content instanceof ContentFormat f) {
                updateCurrentAttributes(current, f);
              } else {
                res[0] += cleanupFormattingGap(tr, start, end, startAttributes, current);
                startAttributes = new LinkedHashMap<>(current);
                start = end;
              }
            }
            end = end.right;
          }
        });
    return res[0];
  }

  static TextPosition deleteText(Transaction tr, TextPosition pos, int length) {
    int startLength = length;
    Map<String, Object> startAttrs =
        pos.attrsView().isEmpty() ? Map.of() : new LinkedHashMap<>(pos.attrsView());
    Item start = pos.right;
    while (length > 0 && pos.right != null) {
      Item r = pos.right;
      if (!r.isDeleted()
          && (r.content instanceof ContentString
              || r.content instanceof ContentEmbed
              || r.content instanceof ContentType)) {
        if (length < r.length) {
          tr.doc.store.getItemCleanStart(tr, r.client, r.clock + length);
        }
        length -= r.length;
        r.delete(tr);
      }
      pos.forward();
    }
    // format items exist only in types that have had formatting integrated
    if (start != null && start.parent.formatsSeen) {
      cleanupFormattingGap(tr, start, pos.right, startAttrs, pos.attrs());
    }
    Item any = pos.left != null ? pos.left : pos.right;
    AbstractType<?> parent = any == null ? null : any.parent;
    if (parent != null && parent.markers != null) {
      parent.markers.updateMarkerChanges(pos.index, -startLength + length);
    }
    return pos;
  }
}
