package dev.atelier.stacks;

import dev.atelier.stacks.StackException.ErrorCode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An immutable set of stacks by id, in a stable order. The server builds its catalog from the
 * stacks that extensions contribute (the built-in ones are the language extensions' stacks, see the
 * {@code extensions} module).
 */
public final class StackCatalog {

  private static final String SOURCE = "stack catalog";

  private final Map<String, Stack> stacks;

  private StackCatalog(Map<String, Stack> stacks) {
    this.stacks = Collections.unmodifiableMap(stacks);
  }

  /**
   * A catalog of the given stacks, in the given order.
   *
   * @throws StackException {@link ErrorCode#DUPLICATE} when two stacks share an id
   */
  public static StackCatalog of(List<Stack> stacks) {
    Map<String, Stack> byId = new LinkedHashMap<>();
    for (Stack stack : stacks) {
      Objects.requireNonNull(stack, "stack");
      if (byId.putIfAbsent(stack.id(), stack) != null) {
        throw new StackException(
            ErrorCode.DUPLICATE,
            SOURCE,
            "",
            "two stacks have the id \"" + stack.id() + "\", give each stack its own id");
      }
    }
    return new StackCatalog(byId);
  }

  /** Every stack, in catalog order. */
  public List<Stack> all() {
    return List.copyOf(stacks.values());
  }

  /** The ids, in catalog order. */
  public List<String> ids() {
    return List.copyOf(stacks.keySet());
  }

  /** The stack with this id, if any. */
  public Optional<Stack> find(String id) {
    return Optional.ofNullable(id == null ? null : stacks.get(id));
  }

  /**
   * The stack with this id.
   *
   * @throws StackException {@link ErrorCode#NOT_FOUND}, listing the known ids
   */
  public Stack require(String id) {
    return find(id)
        .orElseThrow(
            () ->
                new StackException(
                    ErrorCode.NOT_FOUND,
                    SOURCE,
                    "",
                    "unknown stack \""
                        + id
                        + "\", choose one of: "
                        + String.join(", ", stacks.keySet())));
  }
}
