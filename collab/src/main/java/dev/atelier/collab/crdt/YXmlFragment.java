package dev.atelier.collab.crdt;

import dev.atelier.collab.encoding.Lib0Writer;
import java.util.List;
import java.util.Set;

/**
 * A list of XML nodes, as rich-text editors bound to Yjs (ProseMirror, Tiptap) store documents.
 * Atelier only needs to carry such content through unchanged, so the API is read-only.
 */
public class YXmlFragment extends AbstractType<YEvent> {

  YXmlFragment() {}

  @Override
  AbstractType<?> copyEmpty() {
    return new YXmlFragment();
  }

  @Override
  void writeTypeRef(Lib0Writer w) {
    w.writeVarUint(ContentType.YXML_FRAGMENT);
  }

  @Override
  YEvent createEvent(Transaction tr, Set<String> keysChanged) {
    return new YEvent(this, tr);
  }

  /** The child nodes (YXmlElement, YXmlText, YXmlHook or other values). */
  public List<Object> children() {
    return ListOps.toList(this);
  }

  public int length() {
    return length;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    for (Object c : children()) {
      sb.append(c);
    }
    return sb.toString();
  }

  @Override
  public Object toJson() {
    return toString();
  }
}
