package dev.atelier.collab.crdt;

import java.util.LinkedHashMap;

/** A cursor between two items of a text, with the formatting in effect there. */
final class TextPosition {
  Item left;
  Item right;
  int index;

  /** Formatting in effect here; allocated on first use (plain text never needs it). */
  private LinkedHashMap<String, Object> currentAttributes;

  TextPosition(Item left, Item right, int index) {
    this.left = left;
    this.right = right;
    this.index = index;
  }

  /** The attributes, read-only view (possibly an empty immutable map). */
  java.util.Map<String, Object> attrsView() {
    return currentAttributes == null ? java.util.Map.of() : currentAttributes;
  }

  /** The attributes, mutable. */
  LinkedHashMap<String, Object> attrs() {
    if (currentAttributes == null) {
      currentAttributes = new LinkedHashMap<>();
    }
    return currentAttributes;
  }

  void forward() {
    if (right == null) {
      throw new IllegalStateException("cannot move past the end of the text");
    }
    if (right.content instanceof ContentFormat f) {
      if (!right.isDeleted()) {
        TextOps.updateCurrentAttributes(attrs(), f);
      }
    } else if (!right.isDeleted()) {
      index += right.length;
    }
    left = right;
    right = right.right;
  }
}
