package dev.atelier.collab.crdt;

import dev.atelier.collab.CollabException;
import dev.atelier.collab.CollabException.ErrorCode;
import dev.atelier.collab.encoding.Lib0Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Checks and converts values that users put into maps and arrays. */
final class Values {

  private Values() {}

  static boolean isJsonLike(Object v) {
    return v == null
        || v instanceof Number
        || v instanceof Boolean
        || v instanceof String
        || v instanceof List<?>
        || v instanceof Map<?, ?>;
  }

  /**
   * Rejects values that cannot be stored, before any change is made: every JSON-like value must be
   * encodable with lib0's any encoding, and a shared type must not be attached yet.
   */
  static void validate(Object v) {
    if (v instanceof AbstractType<?> t) {
      if (t.doc != null || t.item != null) {
        throw new CollabException(
            ErrorCode.INVALID_OPERATION,
            "this shared type is already part of a document; insert a new instance");
      }
      return;
    }
    if (v instanceof byte[]) {
      return;
    }
    if (!isJsonLike(v)) {
      throw new CollabException(
          ErrorCode.INVALID_OPERATION,
          "unsupported value type "
              + v.getClass().getName()
              + "; use null, Boolean, Number, String, byte[], List, Map or a new YText/YMap/YArray");
    }
    new Lib0Writer(16).writeAny(v);
  }

  /** Contents for a list insert: JSON-like runs packed into one ContentAny each. */
  static List<Content> listContents(List<Object> values) {
    List<Content> out = new ArrayList<>();
    List<Object> json = null;
    for (Object v : values) {
      if (isJsonLike(v)) {
        if (json == null) {
          json = new ArrayList<>();
        }
        json.add(v);
      } else {
        if (json != null) {
          out.add(new ContentAny(json));
          json = null;
        }
        out.add(single(v));
      }
    }
    if (json != null) {
      out.add(new ContentAny(json));
    }
    return out;
  }

  static Content single(Object v) {
    if (v instanceof AbstractType<?> t) {
      return new ContentType(t);
    }
    if (v instanceof byte[] b) {
      return new ContentBinary(b.clone());
    }
    List<Object> one = new ArrayList<>(1);
    one.add(v);
    return new ContentAny(one);
  }
}
