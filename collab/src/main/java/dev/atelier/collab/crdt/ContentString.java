package dev.atelier.collab.crdt;

import dev.atelier.collab.encoding.Lib0Writer;
import java.util.List;

/** A run of text; its length counts UTF-16 units like JavaScript strings. */
final class ContentString extends Content {
  String str;

  ContentString(String str) {
    this.str = str;
  }

  @Override
  int length() {
    return str.length();
  }

  @Override
  boolean countable() {
    return true;
  }

  @Override
  Content copy() {
    return new ContentString(str);
  }

  @Override
  Content splice(int offset) {
    String rightStr = str.substring(offset);
    String leftStr = str.substring(0, offset);
    // A split must never leave half of a surrogate pair on each side; like Yjs, both halves
    // become U+FFFD so lengths (and therefore clocks) stay unchanged.
    if (offset > 0 && Character.isHighSurrogate(leftStr.charAt(offset - 1))) {
      leftStr = leftStr.substring(0, offset - 1) + '\uFFFD';
      rightStr = '\uFFFD' + rightStr.substring(1);
    }
    str = leftStr;
    return new ContentString(rightStr);
  }

  @Override
  boolean mergeWith(Content right) {
    str = str.concat(((ContentString) right).str);
    return true;
  }

  @Override
  void write(Lib0Writer w, int offset) {
    w.writeVarString(offset == 0 ? str : str.substring(offset));
  }

  @Override
  int ref() {
    return STRING;
  }

  @Override
  void values(List<Object> out) {
    for (int i = 0; i < str.length(); i++) {
      out.add(String.valueOf(str.charAt(i)));
    }
  }
}
