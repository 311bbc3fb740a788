package dev.atelier.collab.crdt;

import dev.atelier.collab.encoding.JsKeys;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Change of a {@link YText} as a Quill delta (retain / insert / delete, with attributes). */
public final class TextEvent extends YEvent {
  private final boolean childListChanged;
  private List<Delta> delta;

  TextEvent(AbstractType<?> target, Transaction tr, Set<String> subs) {
    super(target, tr);
    this.childListChanged = subs.contains(null);
  }

  /** Whether the text content (not only attributes of the type itself) changed. */
  public boolean childListChanged() {
    return childListChanged;
  }

  /**
   * The change as a delta. Computing it may remove formatting boundaries made redundant by
   * concurrent edits (in a new transaction), exactly as Yjs does.
   */
  public List<Delta> delta() {
    if (delta == null) {
      checkLive();
      List<Delta> out = new ArrayList<>();
      tr.doc.tx(t -> new Builder(this, t, out).run());
      delta = out;
    }
    return delta;
  }

  private static final class Builder {
    private final TextEvent ev;
    private final Transaction cleanupTr;
    private final List<Delta> out;
    private final LinkedHashMap<String, Object> currentAttributes = new LinkedHashMap<>();
    private final Map<String, Object> oldAttributes = new java.util.HashMap<>();

    /** Attributes changed for the pending retain; a null value means "removed". */
    private final LinkedHashMap<String, Object> attributes = new LinkedHashMap<>();

    private int action; // 0 none, 1 insert, 2 delete, 3 retain
    private Object insert = "";
    private int retain;
    private int deleteLen;

    Builder(TextEvent ev, Transaction cleanupTr, List<Delta> out) {
      this.ev = ev;
      this.cleanupTr = cleanupTr;
      this.out = out;
    }

    private void addOp() {
      if (action == 0) {
        return;
      }
      Delta op = null;
      switch (action) {
        case 2 -> {
          if (deleteLen > 0) {
            op = Delta.delete(deleteLen);
          }
          deleteLen = 0;
        }
        case 1 -> {
          if (!(insert instanceof String s) || !s.isEmpty()) {
            Map<String, Object> attrs = new LinkedHashMap<>();
            currentAttributes.forEach(
                (k, v) -> {
                  if (v != null) {
                    attrs.put(k, v);
                  }
                });
            op = Delta.insert(insert, attrs);
          }
          insert = "";
        }
        case 3 -> {
          if (retain > 0) {
            Map<String, Object> attrs = new LinkedHashMap<>();
            for (String k : JsKeys.order(attributes)) {
              attrs.put(k, attributes.get(k));
            }
            op = Delta.retain(retain, attrs);
          }
          retain = 0;
        }
        default -> {}
      }
      if (op != null) {
        out.add(op);
      }
      action = 0;
    }

    void run() {
      for (Item item = ev.target.start; item != null; item = item.right) {
        Content c = item.content;
        if (c instanceof ContentType || c instanceof ContentEmbed) {
          if (ev.adds(item)) {
            if (!ev.deletes(item)) {
              addOp();
              action = 1;
              insert = c.lastValue();
              addOp();
            }
          } else if (ev.deletes(item)) {
            if (action != 2) {
              addOp();
              action = 2;
            }
            deleteLen += 1;
          } else if (!item.isDeleted()) {
            if (action != 3) {
              addOp();
              action = 3;
            }
            retain += 1;
          }
        } else if (c instanceof ContentString s) {
          if (ev.adds(item)) {
            if (!ev.deletes(item)) {
              if (action != 1) {
                addOp();
                action = 1;
              }
              insert = ((String) insert).concat(s.str);
            }
          } else if (ev.deletes(item)) {
            if (action != 2) {
              addOp();
              action = 2;
            }
            deleteLen += item.length;
          } else if (!item.isDeleted()) {
            if (action != 3) {
              addOp();
              action = 3;
            }
            retain += item.length;
          }
        } else if (c instanceof ContentFormat f) {
          format(item, f);
        }
      }
      addOp();
      while (!out.isEmpty()) {
        Delta last = out.get(out.size() - 1);
        if (last.isRetain() && last.attributes().isEmpty()) {
          out.remove(out.size() - 1);
        } else {
          break;
        }
      }
    }

    private void format(Item item, ContentFormat f) {
      String key = f.key;
      Object value = f.value;
      if (ev.adds(item)) {
        if (!ev.deletes(item)) {
          Object curVal = JsValues.orNull(currentAttributes.get(key));
          if (!JsValues.equalAttrs(curVal, value)) {
            if (action == 3) {
              addOp();
            }
            if (JsValues.equalAttrs(value, JsValues.orNull(oldAttributes.get(key)))) {
              attributes.remove(key);
            } else {
              attributes.put(key, value);
            }
          } else if (value != null) {
            item.delete(cleanupTr);
          }
        }
      } else if (ev.deletes(item)) {
        oldAttributes.put(key, value);
        Object curVal = JsValues.orNull(currentAttributes.get(key));
        if (!JsValues.equalAttrs(curVal, value)) {
          if (action == 3) {
            addOp();
          }
          attributes.put(key, curVal);
        }
      } else if (!item.isDeleted()) {
        oldAttributes.put(key, value);
        if (attributes.containsKey(key)) {
          Object attr = attributes.get(key);
          if (!JsValues.equalAttrs(attr, value)) {
            if (action == 3) {
              addOp();
            }
            if (value == null) {
              attributes.remove(key);
            } else {
              attributes.put(key, value);
            }
          } else if (attr != null) {
            // redundant boundary; Yjs removes it here too
            item.delete(cleanupTr);
          }
        }
      }
      if (!item.isDeleted()) {
        if (action == 1) {
          addOp();
        }
        TextOps.updateCurrentAttributes(currentAttributes, f);
      }
    }
  }
}
