package dev.atelier.collab.encoding;

/**
 * JavaScript's {@code undefined}, which lib0's {@code any} encoding (tag 127) and Yjs's JSON
 * content can carry. Distinct from {@code null} (tag 126) so such values round-trip unchanged.
 */
public enum Undefined {
  /** The only value. */
  INSTANCE;

  @Override
  public String toString() {
    return "undefined";
  }
}
