package dev.atelier.stacks;

import java.util.Objects;

/**
 * A repository's own stack and the file it came from.
 *
 * @param stack the parsed stack (id {@value StackParser#REPOSITORY_ID})
 * @param sourcePath the file's path relative to the repository root, e.g. {@code
 *     .atelier/stack.json}
 */
public record ResolvedStack(Stack stack, String sourcePath) {
  public ResolvedStack {
    Objects.requireNonNull(stack, "stack");
    Objects.requireNonNull(sourcePath, "sourcePath");
  }
}
