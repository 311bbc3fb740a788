package dev.atelier.collab.crdt;

import dev.atelier.collab.encoding.Lib0Writer;

/** An XML hook: a named map that editor bindings render with custom code. */
public final class YXmlHook extends YMap {
  private final String hookName;

  YXmlHook(String hookName) {
    this.hookName = hookName;
  }

  public String hookName() {
    return hookName;
  }

  @Override
  AbstractType<?> copyEmpty() {
    return new YXmlHook(hookName);
  }

  @Override
  void writeTypeRef(Lib0Writer w) {
    w.writeVarUint(ContentType.YXML_HOOK);
    w.writeVarString(hookName);
  }
}
