package dev.atelier.gateway;

import dev.atelier.extensions.StackContribution;
import dev.atelier.extensions.builtin.LanguageExtensions;
import dev.atelier.extensions.host.ContributionValidator;
import dev.atelier.extensions.host.Extensions;
import dev.atelier.stacks.StackCatalog;
import dev.atelier.stacks.StackParser;

/** The stacks of the built-in language extensions, for tests and benchmarks. */
public final class BuiltinStacks {

  private BuiltinStacks() {}

  /** The built-in stacks as a catalog. */
  public static StackCatalog catalog() {
    try (Extensions builtins =
        Extensions.load(LanguageExtensions.all(), null, ContributionValidator.NONE)) {
      return StackCatalog.of(
          builtins.contributions().stacks().stream().map(BuiltinStacks::parse).toList());
    }
  }

  private static dev.atelier.stacks.Stack parse(StackContribution stack) {
    return StackParser.parse(stack.id(), stack.sourceName(), stack.json());
  }
}
