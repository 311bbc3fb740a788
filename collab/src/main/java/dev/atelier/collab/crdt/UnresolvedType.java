package dev.atelier.collab.crdt;

import dev.atelier.collab.encoding.Lib0Writer;
import java.util.Set;

/**
 * A root type that remote updates refer to but that this side has not asked for by kind yet. {@link
 * Doc#getText} and friends turn it into the concrete type, keeping its content.
 */
final class UnresolvedType extends AbstractType<YEvent> {

  @Override
  AbstractType<?> copyEmpty() {
    return new UnresolvedType();
  }

  @Override
  void writeTypeRef(Lib0Writer w) {
    throw new IllegalStateException("root types are never written as content");
  }

  @Override
  YEvent createEvent(Transaction tr, Set<String> keysChanged) {
    return null;
  }

  @Override
  public Object toJson() {
    return null;
  }
}
