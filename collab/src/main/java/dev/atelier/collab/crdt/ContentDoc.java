package dev.atelier.collab.crdt;

import dev.atelier.collab.encoding.Lib0Writer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A subdocument reference (ref 9): its guid and options. Subdocuments are carried through unchanged
 * (not loaded); the options are normalised the way a Yjs client re-encodes them.
 */
final class ContentDoc extends Content {
  final String guid;
  final Map<String, Object> opts;

  ContentDoc(String guid, Object rawOpts) {
    this.guid = guid;
    this.opts = normalize(rawOpts);
  }

  private ContentDoc(String guid, Map<String, Object> opts, boolean normalized) {
    this.guid = guid;
    this.opts = opts;
  }

  /** Yjs builds a Doc from the options and writes back only gc=false, autoLoad and meta. */
  private static Map<String, Object> normalize(Object raw) {
    Map<String, Object> out = new LinkedHashMap<>();
    if (!(raw instanceof Map<?, ?> m)) {
      return out;
    }
    boolean gc =
        !m.containsKey("gc")
            || m.get("gc") == dev.atelier.collab.encoding.Undefined.INSTANCE
            || JsValues.truthy(m.get("gc"));
    if (!gc) {
      out.put("gc", Boolean.FALSE);
    }
    if (JsValues.truthy(m.get("autoLoad"))) {
      out.put("autoLoad", Boolean.TRUE);
    }
    Object meta = m.get("meta");
    if (meta != null && meta != dev.atelier.collab.encoding.Undefined.INSTANCE) {
      out.put("meta", meta);
    }
    return out;
  }

  @Override
  int length() {
    return 1;
  }

  @Override
  boolean countable() {
    return true;
  }

  @Override
  Content copy() {
    return new ContentDoc(guid, opts, true);
  }

  @Override
  Content splice(int offset) {
    throw new IllegalStateException("doc content has length 1");
  }

  @Override
  void write(Lib0Writer w, int offset) {
    w.writeVarString(guid);
    w.writeAny(opts);
  }

  @Override
  int ref() {
    return DOC;
  }

  @Override
  void values(List<Object> out) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("guid", guid);
    v.putAll(opts);
    out.add(v);
  }
}
