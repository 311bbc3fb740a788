package dev.atelier.collab.crdt;

import dev.atelier.collab.encoding.Lib0Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** An XML element: a node name, attributes (the map part) and children (the list part). */
public final class YXmlElement extends YXmlFragment {
  private final String nodeName;

  YXmlElement(String nodeName) {
    this.nodeName = nodeName;
  }

  public String nodeName() {
    return nodeName;
  }

  public Map<String, Object> attributes() {
    return MapOps.entries(this);
  }

  @Override
  AbstractType<?> copyEmpty() {
    return new YXmlElement(nodeName);
  }

  @Override
  void writeTypeRef(Lib0Writer w) {
    w.writeVarUint(ContentType.YXML_ELEMENT);
    w.writeVarString(nodeName);
  }

  @Override
  public String toString() {
    Map<String, Object> attrs = attributes();
    List<String> keys = new ArrayList<>(attrs.keySet());
    keys.sort(null);
    StringBuilder sb = new StringBuilder("<").append(nodeName);
    for (String k : keys) {
      sb.append(' ').append(k).append("=\"").append(attrs.get(k)).append('"');
    }
    sb.append('>');
    for (Object c : children()) {
      sb.append(c);
    }
    return sb.append("</").append(nodeName).append('>').toString();
  }
}
