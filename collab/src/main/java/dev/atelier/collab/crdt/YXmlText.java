package dev.atelier.collab.crdt;

import dev.atelier.collab.encoding.Lib0Writer;

/** Text inside an XML tree; behaves like {@link YText}. */
public final class YXmlText extends YText {

  YXmlText() {}

  @Override
  AbstractType<?> copyEmpty() {
    return new YXmlText();
  }

  @Override
  void writeTypeRef(Lib0Writer w) {
    w.writeVarUint(ContentType.YXML_TEXT);
  }
}
