package dev.atelier.collab.crdt;

import dev.atelier.collab.CollabException;
import dev.atelier.collab.CollabException.ErrorCode;
import dev.atelier.collab.encoding.Lib0Writer;
import dev.atelier.collab.encoding.Undefined;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Shared text with optional formatting attributes (rich text as Quill deltas). Indexes and lengths
 * count UTF-16 code units, like JavaScript strings and Java's {@link String#length()}. A YText
 * created with {@code new YText()} can be filled before it is inserted somewhere.
 */
public class YText extends AbstractType<TextEvent> {
  private List<Consumer<YText>> pending = new ArrayList<>();

  public YText() {}

  /** A preliminary text holding {@code initial}, inserted when the text is attached. */
  public YText(String initial) {
    if (initial != null && !initial.isEmpty()) {
      pending.add(t -> t.insert(0, initial));
    }
  }

  @Override
  boolean usesMarkers() {
    return true;
  }

  @Override
  void integrate(Doc d, Item it) {
    super.integrate(d, it);
    List<Consumer<YText>> ops = pending;
    pending = null;
    for (Consumer<YText> op : ops) {
      op.accept(this);
    }
  }

  @Override
  AbstractType<?> copyEmpty() {
    return new YText();
  }

  @Override
  void writeTypeRef(Lib0Writer w) {
    w.writeVarUint(ContentType.YTEXT);
  }

  @Override
  TextEvent createEvent(Transaction tr, Set<String> keysChanged) {
    return new TextEvent(this, tr, keysChanged);
  }

  @Override
  void callObserver(Transaction tr, Set<String> keysChanged) {
    super.callObserver(tr, keysChanged);
    if (!tr.local && hasFormatting) {
      tr.needFormattingCleanup = true;
    }
  }

  private boolean deferred(Consumer<YText> op) {
    if (doc == null) {
      pending.add(op);
      return true;
    }
    return false;
  }

  /** Length in UTF-16 code units. */
  public int length() {
    return length;
  }

  /** Inserts {@code text} at {@code index}, taking over the formatting in effect there. */
  public void insert(int index, String text) {
    insert(index, text, null);
  }

  /**
   * Inserts {@code text} at {@code index} with exactly the given attributes (a null value removes
   * an attribute that would otherwise continue into the text).
   */
  public void insert(int index, String text, Map<String, Object> attributes) {
    if (text.isEmpty()) {
      return;
    }
    checkAttributes(attributes);
    if (doc == null) {
      pending.add(t -> t.insert(index, text, attributes));
      return;
    }
    checkIndex(index);
    Transaction tr = doc.current;
    boolean initial = tr == null;
    if (initial) {
      tr = doc.startTransaction(null, true);
    }
    try {
      TextPosition pos = TextOps.findPosition(tr, this, index, attributes == null);
      Map<String, Object> attrs;
      if (attributes != null) {
        attrs = new LinkedHashMap<>(attributes);
      } else if (pos.attrsView().isEmpty()) {
        attrs = Map.of();
      } else {
        attrs = new LinkedHashMap<>(pos.attrsView());
      }
      TextOps.insertText(tr, this, pos, text, attrs);
    } finally {
      if (initial) {
        doc.finishTransaction(tr);
      }
    }
  }

  /**
   * Inserts an embed (a JSON-like value such as an image description) or a new shared type as one
   * element at {@code index}.
   */
  public void insertEmbed(int index, Object embed, Map<String, Object> attributes) {
    if (embed instanceof String || embed == null) {
      throw new CollabException(
          ErrorCode.INVALID_OPERATION, "an embed must be an object or a shared type; use insert");
    }
    Values.validate(embed);
    checkAttributes(attributes);
    if (deferred(t -> t.insertEmbed(index, embed, attributes))) {
      return;
    }
    checkIndex(index);
    doc.tx(
        tr -> {
          TextPosition pos = TextOps.findPosition(tr, this, index, attributes == null);
          LinkedHashMap<String, Object> attrs =
              attributes == null ? new LinkedHashMap<>() : new LinkedHashMap<>(attributes);
          TextOps.insertText(tr, this, pos, embed, attrs);
        });
  }

  /** Deletes {@code length} units starting at {@code index}. */
  public void delete(int index, int len) {
    if (len == 0) {
      return;
    }
    if (doc == null) {
      pending.add(t -> t.delete(index, len));
      return;
    }
    ListOps.checkRange(this, index, len);
    Transaction tr = doc.current;
    boolean initial = tr == null;
    if (initial) {
      tr = doc.startTransaction(null, true);
    }
    try {
      TextOps.deleteText(tr, TextOps.findPosition(tr, this, index, true), len);
    } finally {
      if (initial) {
        doc.finishTransaction(tr);
      }
    }
  }

  /** Sets (or, with null values, removes) attributes on a range. */
  public void format(int index, int len, Map<String, Object> attributes) {
    if (len == 0) {
      return;
    }
    checkAttributes(attributes);
    if (deferred(t -> t.format(index, len, attributes))) {
      return;
    }
    if (index < 0 || len < 0) {
      throw new CollabException(ErrorCode.INVALID_OPERATION, "negative index or length");
    }
    Map<String, Object> attrs = new LinkedHashMap<>(attributes);
    doc.tx(
        tr -> {
          TextPosition pos = TextOps.findPosition(tr, this, index, false);
          if (pos.right == null) {
            return;
          }
          TextOps.formatText(tr, this, pos, len, attrs);
        });
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(length);
    for (Item n = start; n != null; n = n.right) {
      if (!n.isDeleted() && n.content instanceof ContentString s) {
        sb.append(s.str);
      }
    }
    return sb.toString();
  }

  @Override
  public Object toJson() {
    return toString();
  }

  /** The content as Quill delta inserts, each with its attributes. */
  public List<Delta> toDelta() {
    List<Delta> ops = new ArrayList<>();
    LinkedHashMap<String, Object> attrs = new LinkedHashMap<>();
    StringBuilder str = new StringBuilder();
    for (Item n = start; n != null; n = n.right) {
      if (n.isDeleted()) {
        continue;
      }
      if (n.content instanceof ContentString s) {
        str.append(s.str);
      } else if (n.content instanceof ContentType || n.content instanceof ContentEmbed) {
        packStr(ops, str, attrs);
        ops.add(Delta.insert(n.content.lastValue(), attrs));
      } else if (n.content instanceof ContentFormat f) {
        packStr(ops, str, attrs);
        TextOps.updateCurrentAttributes(attrs, f);
      }
    }
    packStr(ops, str, attrs);
    return ops;
  }

  private static void packStr(List<Delta> ops, StringBuilder str, Map<String, Object> attrs) {
    if (str.length() > 0) {
      ops.add(Delta.insert(str.toString(), attrs));
      str.setLength(0);
    }
  }

  private void checkIndex(int index) {
    if (index < 0 || index > length) {
      throw new CollabException(
          ErrorCode.INVALID_OPERATION, "index " + index + " is outside the text of " + length);
    }
  }

  private static void checkAttributes(Map<String, Object> attributes) {
    if (attributes == null) {
      return;
    }
    for (Map.Entry<String, Object> e : attributes.entrySet()) {
      if (e.getKey() == null || e.getValue() == Undefined.INSTANCE) {
        throw new CollabException(
            ErrorCode.INVALID_OPERATION, "attribute keys must be non-null and values defined");
      }
      if (e.getValue() != null) {
        dev.atelier.collab.encoding.Json.stringify(e.getValue());
      }
    }
  }
}
