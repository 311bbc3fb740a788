package dev.atelier.collab.crdt;

import java.util.LinkedHashMap;

/** A cursor between two items of a text, with the formatting in effect there. */
final class TextPosition {
  Item left;
  Item right;
  int index;
  final LinkedHashMap<String, Object> currentAttributes;

  TextPosition(Item left, Item right, int index, LinkedHashMap<String, Object> attrs) {
    this.left = left;
    this.right = right;
    this.index = index;
    this.currentAttributes = attrs;
  }

  void forward() {
    if (right == null) {
      throw new IllegalStateException("cannot move past the end of the text");
    }
    if (right.content instanceof ContentFormat f) {
      if (!right.isDeleted()) {
        TextOps.updateCurrentAttributes(currentAttributes, f);
      }
    } else if (!right.isDeleted()) {
      index += right.length;
    }
    left = right;
    right = right.right;
  }
}
