package dev.atelier.collab.crdt;

import dev.atelier.collab.encoding.Undefined;
import java.util.List;
import java.util.Map;

/** JavaScript value semantics that decide CRDT behaviour (attribute equality, truthiness). */
final class JsValues {

  private JsValues() {}

  static boolean truthy(Object v) {
    if (v == null || v == Undefined.INSTANCE) {
      return false;
    }
    if (v instanceof Boolean b) {
      return b;
    }
    if (v instanceof Number n) {
      double d = n.doubleValue();
      return d != 0 && !Double.isNaN(d);
    }
    if (v instanceof String s) {
      return !s.isEmpty();
    }
    return true;
  }

  /** JavaScript {@code a === b}: numbers and strings by value, objects by identity. */
  static boolean strictEquals(Object a, Object b) {
    if (a == b) {
      return !(a instanceof Double d && d.isNaN());
    }
    if (a == null || b == null) {
      return false;
    }
    if (a instanceof Number x
        && b instanceof Number y
        && !(a instanceof java.math.BigInteger)
        && !(b instanceof java.math.BigInteger)) {
      return x.doubleValue() == y.doubleValue();
    }
    if (a instanceof String || a instanceof Boolean || a instanceof java.math.BigInteger) {
      return a.equals(b);
    }
    return false;
  }

  private static boolean isObject(Object v) {
    return v instanceof Map<?, ?> || v instanceof List<?> || v instanceof byte[];
  }

  /** Yjs's {@code equalAttrs}: strict equality, or a flat (one-level) comparison of objects. */
  static boolean equalAttrs(Object a, Object b) {
    if (strictEquals(a, b)) {
      return true;
    }
    if (!isObject(a) || !isObject(b)) {
      return false;
    }
    if (a instanceof Map<?, ?> ma && b instanceof Map<?, ?> mb) {
      if (ma.size() != mb.size()) {
        return false;
      }
      for (Map.Entry<?, ?> e : ma.entrySet()) {
        Object val = e.getValue();
        if (val == Undefined.INSTANCE && !mb.containsKey(e.getKey())) {
          return false;
        }
        Object other = mb.containsKey(e.getKey()) ? mb.get(e.getKey()) : Undefined.INSTANCE;
        if (!strictEquals(other, val)) {
          return false;
        }
      }
      return true;
    }
    if (a instanceof List<?> la && b instanceof List<?> lb) {
      if (la.size() != lb.size()) {
        return false;
      }
      for (int i = 0; i < la.size(); i++) {
        if (!strictEquals(lb.get(i), la.get(i))) {
          return false;
        }
      }
      return true;
    }
    return false;
  }

  /** {@code v ?? null}. */
  static Object orNull(Object v) {
    return v == Undefined.INSTANCE ? null : v;
  }
}
